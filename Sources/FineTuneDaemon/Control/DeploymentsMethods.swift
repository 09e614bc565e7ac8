import ControlProtocol
import FoundationEssentials
import JobStore
import OpenAIFineTuning
import Varlink

/// `io.finetuned.Models.Deploy`, `Deployments` and `Undeploy`: Azure deployments, created and
/// deleted through the management plane, listed from the store with their hosting cost.
struct DeploymentsMethods {
    let daemon: any DeploymentsControl

    func install(on interface: inout VarlinkInterface) {
        interface.handle(ControlRequest.Models.Deploy.self, access: .write) { p, _ in
            try await mapped(interface: ModelsInterface.name) {
                let manager = daemon.deployments
                let order = try manager.order(
                    model: p.model, job: p.job, account: p.account, name: p.name, sku: p.sku,
                    capacity: p.capacity)
                let record = try await manager.deploy(order)
                return VarlinkReply(Wire.DeploymentReply(deployment: wire(record)))
            }
        }
        interface.handle(ControlRequest.Models.Deployments.self, access: .read) { request, _ in
            try await mapped(interface: ModelsInterface.name) {
                let includeEnded = request.include_ended ?? false
                let records = try daemon.store.deployments(includeEnded: includeEnded)
                return VarlinkReply(Wire.DeploymentList(deployments: records.map(wire)))
            }
        }
        interface.handle(ControlRequest.Models.Undeploy.self, access: .write) { p, _ in
            try await mapped(interface: ModelsInterface.name) {
                let record = try await daemon.deployments.undeploy(name: p.name, account: p.account)
                return VarlinkReply(Wire.DeploymentReply(deployment: wire(record)))
            }
        }
    }

    private func wire(_ record: DeploymentRecord) -> Wire.Deployment {
        Wire.Deployment(record, prices: daemon.deployments.hostingPrices, now: daemon.deployments.now())
    }
}

extension Wire.Deployment {
    /// The record as the control interface shows it, its cost and deadlines computed at `now`.
    init(_ record: DeploymentRecord, prices: HostingPrices, now: Double) {
        let cost = DeploymentReview.cost(record, prices: prices, now: now)
        let hourly = DeploymentSKU(parsing: record.sku).map(prices.hourly) ?? 0
        var warnings: [String] = []
        let inactivity = DeploymentReview.inactivityDeletion(record)
        let lifetime = DeploymentReview.lifetimeEnd(record)
        if record.inactivityWarnedAt != nil, let inactivity {
            warnings.append(
                "deleted by Azure around \(DeploymentReporter.time(inactivity)) unless used (15 days without use)")
        }
        if record.lifetimeWarnedAt != nil, let lifetime {
            warnings.append(
                "removed by Azure at \(DeploymentReporter.time(lifetime)) (Developer deployments live 24 hours)")
        }
        self.init(
            name: record.name, account: record.account, model: record.model, sku: record.sku,
            capacity: record.capacity, state: record.state, origin: record.origin, created_at: record.createdAt,
            hours: cost.hours, hosting_cost_usd: cost.usd, hourly_usd: hourly, price_source: prices.source,
            warnings: warnings)
        job_id = record.jobID
        succeeded_at = record.succeededAt
        ended_at = record.endedAt
        checked_at = record.checkedAt
        used_at = record.usedAt
        inactivity_deletion_at = inactivity
        lifetime_end_at = lifetime
        error = record.error
    }
}

extension ControlErrors {
    /// `io.finetuned.Models.DeploymentRefused`, with a reason a program can branch on.
    static func deploymentRefused(_ error: DeploymentError) -> VarlinkError {
        let reason: String
        var name: String? = nil
        switch error {
        case .missingSetting: reason = "missing_setting"
        case .notAzure: reason = "not_azure"
        case .noTokenSource: reason = "no_token_source"
        case .nameInUse(let taken, _, _):
            reason = "name_in_use"
            name = taken
        case .noSuchDeployment(let missing):
            reason = "no_such_deployment"
            name = missing
        case .notDeployed: reason = "not_deployed"
        case .invalid: reason = "invalid"
        }
        return ControlError.DeploymentRefused(reason: reason, message: error.description, name: name)
            .varlinkError(interface: ModelsInterface.name)
    }
}
