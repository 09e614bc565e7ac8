import FoundationEssentials

/// A bearer token for one scope, and the time it stops being valid.
///
/// The token is as secret as an API key: it is held as an `APIKey`, so every textual
/// representation is redacted and the value is reachable only through `secret.withValue`.
public struct AccessToken: Sendable, CustomStringConvertible {
    public let secret: APIKey
    /// When the issuer says the token expires.
    public let expiresOn: Date

    public init(secret: APIKey, expiresOn: Date) {
        self.secret = secret
        self.expiresOn = expiresOn
    }

    public var description: String { "AccessToken(redacted, expires \(expiresOn))" }
}

/// Where bearer tokens come from: Microsoft Entra ID (client credentials, workload identity,
/// managed identity) or a fixed token in tests.
///
/// Contract for implementations:
/// - `token(forScope:)` returns a token that is valid for at least a few more minutes when it
///   returns. A cached token is reused until shortly before it expires; concurrent callers for
///   one scope share a single request to the issuer.
/// - A refusal by the issuer (wrong tenant, secret, client) throws an `OpenAIError` whose
///   `isFinal` is true; a fault on the way (timeout, 5xx) throws a transient one.
/// - Tokens are never logged, stored or put in an error's text.
public protocol AccessTokenSource: Sendable {
    func token(forScope scope: String) async throws -> AccessToken
    /// Forgets `token` for `scope` when a server refused it (a 401), so the next call mints a new
    /// one. A token that was already replaced is left alone.
    func invalidate(_ token: AccessToken, forScope scope: String) async
}

/// The scopes Azure OpenAI's two planes ask tokens for.
public enum AzureScope {
    /// The data plane: fine-tuning, files, chat (`https://RESOURCE.openai.azure.com`).
    public static let cognitiveServices = "https://cognitiveservices.azure.com/.default"
    /// The management plane: deployments (`https://management.azure.com`).
    public static let management = "https://management.azure.com/.default"
}
