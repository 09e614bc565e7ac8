import FoundationEssentials

/// How a Microsoft Entra ID token is obtained: the three ways `finetuned` supports, named after
/// azure-identity's credentials (`../shared/reference/azure-openai-fine-tuning.md` §2.2).
public enum EntraCredential: Sendable, CustomStringConvertible {
    /// Client credentials with a secret: `POST {authority}/{tenant}/oauth2/v2.0/token` with
    /// `client_id`, `client_secret`, `scope`, `grant_type=client_credentials`.
    case clientSecret(tenantID: String, clientID: String, secret: APIKey)
    /// Workload identity federation: the same request with `client_assertion` = the JWT in
    /// `tokenFile`, which the platform rotates; it is re-read for every token requested.
    case federatedToken(tenantID: String, clientID: String, tokenFile: String)
    /// A managed identity, through the instance metadata endpoint (IMDS):
    /// `GET {endpoint}?api-version=2018-02-01&resource=…` with `Metadata: true`. `clientID`
    /// picks a user-assigned identity.
    case managedIdentity(clientID: String?, endpoint: URL)

    /// Azure's instance metadata token endpoint.
    public static let defaultManagedIdentityEndpoint = URL(
        string: "http://169.254.169.254/metadata/identity/oauth2/token")!
    /// The public cloud's authority; sovereign clouds have their own (`login.microsoftonline.us`,
    /// `login.chinacloudapi.cn`).
    public static let defaultAuthorityHost = URL(string: "https://login.microsoftonline.com")!

    /// Where tokens come from, without any secret: for logs and `--check-config`.
    public var description: String {
        switch self {
        case .clientSecret(let tenant, let client, _):
            "Entra ID client credentials (tenant \(tenant), client \(client), secret)"
        case .federatedToken(let tenant, let client, let file):
            "Entra ID workload identity (tenant \(tenant), client \(client), token file \(file))"
        case .managedIdentity(let client, let endpoint):
            "Entra ID managed identity\(client.map { " (client \($0))" } ?? "") via \(endpoint.absoluteString)"
        }
    }
}
