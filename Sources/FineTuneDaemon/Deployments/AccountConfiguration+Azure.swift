import OpenAIFineTuning

extension AccountConfiguration {
    /// True for an Azure OpenAI account: only those have deployments, and chat on them goes
    /// through one.
    public var isAzure: Bool { authStyle.isAzure }
}

extension AccountConfiguration {
    /// What `--check-config` says about an Azure account's deployments: the management plane it
    /// uses, or the key it lacks (and the file to add it to); nil for other accounts.
    var deploymentsCheckLine: String? {
        guard isAzure else { return nil }
        let onSuccess = deployments.deployOnSuccess.map { ", DeployOnSuccess=\($0.rawValue)" } ?? ""
        do {
            let resource = try deployments.resource(account: name)
            return "account \(name): deployments on \(resource) at \(resource.managementURL.absoluteString)\(onSuccess)"
        } catch {
            return "account \(name): cannot deploy: \(error)"
        }
    }
}
