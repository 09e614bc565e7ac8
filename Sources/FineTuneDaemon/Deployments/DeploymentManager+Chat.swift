import FoundationEssentials
import JobStore

extension DeploymentManager {
    /// The deployment chat on an Azure account goes through for `model`: an active deployment of
    /// it that has succeeded (the one used last, else the newest), or one named `model`.
    ///
    /// - Throws: `DeploymentError.notDeployed` naming `finetunectl deploy`, or the state of a
    ///   deployment still provisioning. Never deploys anything.
    func chatTarget(model: String, account: String) throws -> DeploymentRecord {
        let deployments = try store.activeDeployments(account: account, model: model)
        let ready = deployments.filter { $0.state == "Succeeded" }
        if let chosen = ready.max(by: { ($0.usedAt ?? $0.createdAt) < ($1.usedAt ?? $1.createdAt) }) { return chosen }
        if let named = try store.deployment(account: account, name: model), named.isActive, named.state == "Succeeded" {
            return named
        }
        throw DeploymentError.notDeployed(model: model, account: account, provisioning: deployments.first?.state)
    }

    /// Records that a chat went through `deployment` (it postpones Azure's inactivity deletion).
    func used(_ deployment: DeploymentRecord) async {
        do {
            try await exclusively(deployment.id) {
                let current = try store.deployment(id: deployment.id) ?? deployment
                try store.updateDeployment(DeploymentReview.used(current, now: now()))
            }
        } catch {
            logger.error("deployment \(deployment.name): cannot record its use: \(error)")
        }
    }
}
