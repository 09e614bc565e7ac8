/// Why a deployment request was refused before or without Azure's answer. Each message names
/// what to change.
public enum DeploymentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key the management plane needs is not set.
    case missingSetting(account: String, key: String, file: String)
    /// The account is not an Azure account, or has no way to get a management token.
    case notAzure(account: String)
    case noTokenSource(account: String)
    /// The name is taken: by a deployment finetuned tracks, or one Azure already has.
    case nameInUse(name: String, model: String?, tracked: Bool)
    case noSuchDeployment(String)
    /// Chat on Azure needs a deployment that has succeeded.
    case notDeployed(model: String, account: String, provisioning: String?)
    case invalid(String)

    public var description: String {
        switch self {
        case .missingSetting(let account, let key, let file):
            return "account \(account): \(key)= is not set (in \(file)): deploying needs AzureSubscriptionID=, "
                + "AzureResourceGroup= and AzureResourceName= in the account's [Account] section"
        case .notAzure(let account):
            return
                "account \(account) is not an Azure OpenAI account (AuthStyle=azure or entra): only Azure deploys models"
        case .noTokenSource(let account):
            return "account \(account): the management plane needs an Entra ID token (AuthStyle=entra with "
                + "EntraTenantID=/EntraClientID= and a secret, EntraFederatedTokenFile=, or EntraManagedIdentity=yes)"
        case .nameInUse(let name, let model, let tracked):
            let what = model.map { "deployment \(name) (model \($0))" } ?? "deployment \(name)"
            return tracked
                ? "\(what) already exists and finetuned tracks it; choose another --name, or `finetunectl undeploy \(name)` first"
                : "\(what) already exists on Azure; it was left untouched: choose another --name"
        case .noSuchDeployment(let name):
            return "no deployment named \(name)"
        case .notDeployed(let model, let account, let provisioning):
            if let provisioning {
                return
                    "model \(model) on account \(account) has a deployment that is \(provisioning), not yet Succeeded: "
                    + "chat works once `finetunectl deployments` shows it Succeeded"
            }
            return "model \(model) on account \(account) is not deployed, and on Azure a model answers only through a "
                + "deployment: run `finetunectl deploy \(model)` first (it costs money by the hour; chat never deploys by itself)"
        case .invalid(let message):
            return message
        }
    }
}
