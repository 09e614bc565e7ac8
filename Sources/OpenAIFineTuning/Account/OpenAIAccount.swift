import FoundationEssentials

/// Where and as whom requests go: an OpenAI account, or any OpenAI-compatible service.
public struct OpenAIAccount: Sendable, CustomStringConvertible {
    /// A short name used in logs and the daemon's store; never secret.
    public var name: String
    /// The API root, e.g. `https://api.openai.com/v1` or `https://NAME.openai.azure.com/openai/v1`
    /// (Azure's v1 API) or `https://NAME.openai.azure.com/openai` (its dated API).
    public var baseURL: URL
    public var authStyle: AuthStyle
    public var apiKey: APIKey
    /// Sent as `OpenAI-Organization` when set.
    public var organization: String?
    /// Sent as `OpenAI-Project` when set.
    public var project: String?
    /// Where bearer tokens come from with `AuthStyle.entra` (then `apiKey` is unused). The same
    /// source serves other scopes of the account (the Azure management plane).
    public var accessTokens: (any AccessTokenSource)?

    public init(
        name: String = "default", baseURL: URL = URL(string: "https://api.openai.com/v1")!,
        authStyle: AuthStyle = .bearer, apiKey: APIKey, organization: String? = nil,
        project: String? = nil, accessTokens: (any AccessTokenSource)? = nil
    ) {
        self.name = name
        self.baseURL = baseURL
        self.authStyle = authStyle
        self.apiKey = apiKey
        self.organization = organization
        self.project = project
        self.accessTokens = accessTokens
    }

    public var description: String { "\(name) (\(baseURL.absoluteString))" }
}
