/// How requests prove who they are. OpenAI takes a bearer token; Azure OpenAI takes an `api-key`
/// header and wants an `api-version` query parameter on every request.
public enum AuthStyle: Sendable, Hashable {
    case bearer
    case azure(apiVersion: String)
}
