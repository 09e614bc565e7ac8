import OpenAIFineTuning

/// Whose service an account talks to: retirement dates and the end of job creation are
/// announced per provider.
public enum Provider: String, Sendable, Hashable, CaseIterable {
    case openAI = "openai"
    case azure
}

extension AccountConfiguration {
    /// Whose announcements apply to the account: `Provider=` when set; else Azure OpenAI for
    /// Azure-style accounts, OpenAI for api.openai.com, and none for any other service (a
    /// simulator, a compatible server), to which only the API's own dates and `ModelShutdown=`
    /// apply.
    public var provider: Provider? {
        if let declaredProvider { return declaredProvider }
        if authStyle.isAzure { return .azure }
        if let host = baseURL.host, host == "api.openai.com" || host.hasSuffix(".api.openai.com") { return .openAI }
        return nil
    }
}
