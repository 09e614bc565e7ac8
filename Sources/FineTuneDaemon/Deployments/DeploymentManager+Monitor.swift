import FoundationEssentials
import JobStore
import OpenAIFineTuning

extension DeploymentManager {
    /// How often a deployment that has settled (Succeeded) is looked up, to notice that Azure
    /// removed it; one still provisioning is looked up at every pass.
    static let settledCheckInterval: TimeInterval = 300

    /// One pass over the tracked deployments at `now`: looks up those provisioning (and settled
    /// ones now and then), resends a create that never reached Azure, logs each transition and
    /// each warning that fell due, and deploys jobs that succeeded (`DeployOnSuccess=`).
    /// Failures are logged and left for the next pass.
    func monitorPass() async {
        defer { passes.add(1, ordering: .releasing) }
        let rows: [DeploymentRecord]
        do {
            rows = try store.deployments()
        } catch {
            logger.error("deployments: cannot read the store: \(error)")
            return
        }
        for listed in rows where claim(listed.id) {
            // As it is now: a call may have changed it since the list was read.
            if let record = try? store.deployment(id: listed.id), record.isActive { await follow(record) }
            release(listed.id)
        }
        await deployOnSuccessPass()
    }

    /// Looks one deployment up if it is due, and gives its warnings.
    private func follow(_ record: DeploymentRecord) async {
        var current = record
        let due =
            DeploymentReview.isProvisioning(record)
            || now() - (record.checkedAt ?? 0) >= Self.settledCheckInterval
        if due, let (_, client) = try? managed(record.account) {
            do {
                let observed = try await client.deployment(named: record.name)
                switch DeploymentReview.observe(record, observed, now: now()) {
                case .sendCreate:
                    current = try await create(record, client: client)
                case .moved(let moved):
                    current = try save(moved, from: record.state)
                case .unchanged:
                    current.checkedAt = now()
                    try store.updateDeployment(current)
                }
            } catch {
                logger.warning(
                    "deployment \(record.name): cannot look it up: \(error)",
                    metadata: DeploymentReporter.metadata(record))
            }
        }
        let time = now()
        for warning in DeploymentReview.warningsDue(current, now: time) {
            reporter.warn(warning, current)
            current = DeploymentReview.given(warning, current, now: time)
            do {
                try store.updateDeployment(current)
            } catch {
                logger.error("deployment \(record.name): cannot store the warning: \(error)")
            }
        }
    }
}
