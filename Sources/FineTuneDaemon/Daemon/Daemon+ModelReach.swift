import FoundationEssentials
import JobStore
import OpenAIFineTuning
import Varlink

/// How a model is reached for chat (`Models.Chat`, and so `finetunectl chat` and `compare`): the
/// account whose API serves it, and on Azure the deployment that answers for it.
struct ModelRoute: Sendable {
    var account: AccountConfiguration
    var client: OpenAIClient
    var model: String
    /// On Azure, the deployment (in state Succeeded) the chat goes through; nil elsewhere.
    var deployment: DeploymentRecord?

    /// Sends `request` (whose `model` is replaced) the way this route reaches the model.
    func chat(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        var request = request
        request.model = model
        guard let deployment else { return try await client.chatCompletion(request) }
        return try await client.chatCompletion(request, throughDeployment: deployment.name)
    }
}

extension Daemon {
    /// The one place that decides how a model is reached.
    ///
    /// The account is the one given (the model's or its job's, from the store); else the one
    /// whose models list has the model; else the first account. On Azure a model answers only
    /// through a deployment that has succeeded; without one it is unreachable, and the error
    /// names `finetunectl deploy`. Nothing is ever deployed here.
    ///
    /// - Throws: `DaemonError.noSuchAccount`; `DeploymentError.notDeployed`.
    func reach(model: String, account: String?) throws -> ModelRoute {
        let name =
            account
            ?? clients?.entries.first { modelCatalog.cached($0.configuration.name)[model] != nil }?.configuration.name
        guard let (configuration, client) = clients?.client(for: name) else {
            throw DaemonError.noSuchAccount(name ?? "(default)")
        }
        guard configuration.isAzure else { return ModelRoute(account: configuration, client: client, model: model) }
        let deployment = try deployments.chatTarget(model: model, account: configuration.name)
        return ModelRoute(account: configuration, client: client, model: model, deployment: deployment)
    }
}
