import Foundation
import OpenAIFineTuning
import Varlink

/// How a model is reached for chat (`Models.Chat`, and so `finetunectl chat` and `compare`): the
/// account whose API serves it, and the name to send as `model`.
struct ModelRoute: Sendable {
    var account: AccountConfiguration
    var client: OpenAIClient
    /// What goes in the request's `model`: the model id on OpenAI; on Azure, a deployment's name.
    var model: String
}

extension Daemon {
    /// The one place that decides how a model is reached.
    ///
    /// The account is the one given (the model's or its job's, from the store); else the one
    /// whose models list has the model; else the first account. On Azure a model answers only
    /// through a deployment: this build has no deployments (issue 10, part B adds them, and is to
    /// extend the `.azure` case here with "the deployment of this model"), so an Azure model is
    /// unreachable, said plainly.
    ///
    /// - Throws: `DaemonError.noSuchAccount`; `io.finetuned.Models.ModelUnreachable`.
    func reach(model: String, account: String?) throws -> ModelRoute {
        let name = account ?? clients?.entries.first { modelCatalog.cached($0.configuration.name)[model] != nil }?.configuration.name
        guard let (configuration, client) = clients?.client(for: name) else {
            throw DaemonError.noSuchAccount(name ?? "(default)")
        }
        switch configuration.provider {
        case .openAI, nil:
            return ModelRoute(account: configuration, client: client, model: model)
        case .azure:
            throw VarlinkError(name: "io.finetuned.Models.ModelUnreachable", parameters: [
                "model": .string(model), "account": .string(configuration.name),
                "message": .string("model \(model) is on Azure account \(configuration.name), where a model answers only through a deployment, and this finetuned has no deployment for it"),
            ])
        }
    }
}
