import OpenAIFineTuning

extension AccountConfiguration {
    /// True for an Azure OpenAI account: only those have deployments, and chat on them goes
    /// through one.
    public var isAzure: Bool {
        if case .azure = authStyle { return true }
        return false
    }
}
