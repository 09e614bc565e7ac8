/// How requests prove who they are, and which API shape they use.
///
/// - `bearer`: OpenAI (and compatible services): `Authorization: Bearer KEY`.
/// - `azure`: Azure OpenAI with its `api-key` header. Without an api-version it is the v1 API
///   (`https://RESOURCE.openai.azure.com/openai/v1`, no `api-version` query); with one it is the
///   older dated API (`…/openai`, `?api-version=` on every request).
/// - `entra`: Azure OpenAI with Microsoft Entra ID: `Authorization: Bearer TOKEN`, the token for
///   `AzureScope.cognitiveServices` from the account's `AccessTokenSource`; v1 or dated as above.
public enum AuthStyle: Sendable, Hashable {
    case bearer
    case azure(apiVersion: String?)
    case entra(apiVersion: String?)

    /// The `api-version` sent with every request (the dated Azure API), or nil.
    public var apiVersion: String? {
        switch self {
        case .bearer: nil
        case .azure(let version), .entra(let version): version
        }
    }

    /// True for either way of talking to Azure OpenAI.
    public var isAzure: Bool { self != .bearer }
}
