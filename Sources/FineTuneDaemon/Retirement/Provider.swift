import OpenAIFineTuning

/// Whose service an account talks to: retirement dates and the end of job creation are
/// announced per provider.
public enum Provider: String, Sendable, Hashable, CaseIterable {
    case openAI = "openai"
    case azure
}

extension AccountConfiguration {
    /// Azure OpenAI for Azure-style accounts; OpenAI (or a service imitating it) otherwise.
    public var provider: Provider {
        if case .azure = authStyle { return .azure }
        return .openAI
    }
}
