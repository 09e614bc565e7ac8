import FoundationEssentials
import OpenAIFineTuning

/// What an account authenticates with: an API key (`bearer`, `azure`) or an Entra ID token
/// source (`entra`), and a sentence saying where it comes from, never the secret.
enum AccountCredentials {
    /// - Throws: `ConfigurationError` when the key or the Entra secret is missing or unusable.
    static func resolve(
        _ account: AccountConfiguration, environment: [String: String]
    )
        throws(ConfigurationError) -> (key: APIKey, tokens: (any AccessTokenSource)?, origin: String)
    {
        if case .entra = account.authStyle, let settings = account.entra {
            let (credential, secretOrigin) = try EntraCredentialSource.resolve(
                settings, account: account.name, environment: environment)
            var origin = "tokens from \(credential)"
            if let secretOrigin { origin += " from \(secretOrigin)" }
            if case .clientSecret = credential { origin += " at \(settings.authorityHost.absoluteString)" }
            if case .federatedToken = credential { origin += " at \(settings.authorityHost.absoluteString)" }
            return (APIKey(""), EntraTokenSource(credential: credential, authorityHost: settings.authorityHost), origin)
        }
        guard let (key, origin) = try APIKeySource.resolve(account, environment: environment) else {
            throw ConfigurationError(
                "account \(account.name): no API key: provide the systemd credential \(account.apiKeyCredential) "
                    + "(LoadCredential=), APIKeyFile=, or OPENAI_API_KEY")
        }
        return (key, nil, "key from \(origin)")
    }

    /// `(azure v1)`, `(entra, api-version 2024-10-21)`, or nothing for OpenAI.
    static func apiDescription(_ style: AuthStyle) -> String {
        switch style {
        case .bearer: ""
        case .azure(let version): " (azure, \(version.map { "api-version \($0)" } ?? "v1 API"))"
        case .entra(let version): " (azure with Entra ID, \(version.map { "api-version \($0)" } ?? "v1 API"))"
        }
    }
}
