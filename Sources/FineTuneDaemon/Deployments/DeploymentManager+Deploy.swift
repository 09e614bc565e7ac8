import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// What to deploy, resolved: the model, the job that made it, the account, and how.
struct DeploymentOrder: Sendable {
    var model: String
    var jobID: String?
    var account: String
    var name: String?
    var sku: DeploymentSKU
    var capacity: Int?
    var origin = "user"
}

extension DeploymentManager {
    /// Finds the model and account for `deploy MODEL|JOB`: a job's fine-tuned model and account,
    /// or a model (or checkpoint) id with the account that made it, else `account`, else the
    /// first Azure account.
    func order(
        model: String?, job: String?, account: String?, name: String?, sku: String?, capacity: Int?
    )
        throws -> DeploymentOrder
    {
        let type: DeploymentSKU
        if let sku {
            guard let parsed = DeploymentSKU(parsing: sku) else {
                throw DeploymentError.invalid("--sku must be GlobalStandard, Standard or Developer, got \(sku)")
            }
            type = parsed
        } else {
            type = .globalStandard
        }
        if let capacity, !(1...10_000).contains(capacity) {
            throw DeploymentError.invalid("--capacity must be 1…10000, got \(capacity)")
        }
        if let name, !DeploymentName.isValid(name) {
            throw DeploymentError.invalid(
                "--name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
        if let job {
            guard let record = try store.job(id: job) else { throw DaemonError.noSuchJob(job) }
            guard let fineTuned = record.fineTunedModel else {
                throw DeploymentError.invalid(
                    "job \(job) has no fine-tuned model to deploy (it is \(record.status.rawValue))")
            }
            return DeploymentOrder(
                model: fineTuned, jobID: job, account: account ?? record.account, name: name, sku: type,
                capacity: capacity)
        }
        guard let model, !model.isEmpty else { throw DeploymentError.invalid("name a model or a job to deploy") }
        let known = try store.model(id: model)
        guard let owner = account ?? known?.account ?? self.account(nil)?.name else {
            throw DaemonError.noSuchAccount("(default)")
        }
        return DeploymentOrder(
            model: model, jobID: known?.jobID, account: owner, name: name, sku: type, capacity: capacity)
    }

    /// Deploys as `order` says: checks the name is free (here and on Azure), stores the
    /// deployment, then sends the PUT. Returns the stored record as Azure's answer left it.
    ///
    /// - Throws: `DeploymentError` (settings, name in use), `OpenAIError` (Azure refused; the
    ///   record is then stored as `Failed` with Azure's message).
    func deploy(_ order: DeploymentOrder) async throws -> DeploymentRecord {
        let (_, client) = try managed(order.account)
        let name = order.name ?? DeploymentName.derived(fromModel: order.model)
        if let tracked = try store.deployment(account: order.account, name: name), tracked.isActive {
            throw DeploymentError.nameInUse(name: name, model: tracked.model, tracked: true)
        }
        if let existing = try await client.deployment(named: name) {
            throw DeploymentError.nameInUse(name: name, model: existing.modelName, tracked: false)
        }
        let record: DeploymentRecord
        do {
            record = try insertHeld(
                DeploymentRecord(
                    account: order.account, name: name, model: order.model, jobID: order.jobID, sku: order.sku.rawValue,
                    capacity: order.capacity ?? order.sku.defaultCapacity, origin: order.origin, createdAt: now()))
        } catch JobStoreError.invalidRecord(let reason) where order.origin == "user" {
            // Another call stored the name between the check and here.
            throw DeploymentError.invalid(reason)
        }
        defer { release(record.id) }
        reporter.requested(record)
        return try await create(record, client: client)
    }

    /// Sends the PUT for a stored record and stores what Azure answered. A transient failure
    /// leaves it `Pending` with the error (the monitor looks it up and resends); a refusal
    /// ends it as `Failed` and is thrown.
    func create(_ record: DeploymentRecord, client: AzureManagementClient) async throws -> DeploymentRecord {
        guard let sku = DeploymentSKU(parsing: record.sku) else {
            throw DeploymentError.invalid("deployment \(record.name) has an unknown type \(record.sku)")
        }
        do {
            let answer = try await client.createDeployment(
                name: record.name, model: record.model, sku: sku, capacity: record.capacity)
            var next = record
            next.error = nil
            switch DeploymentReview.observe(next, answer, now: now()) {
            case .moved(let moved): next = moved
            case .unchanged, .sendCreate: next.checkedAt = now()
            }
            if next.state == DeploymentRecord.pending { next.state = answer.provisioningState ?? "Accepted" }
            return try save(next, from: record.state)
        } catch let error as OpenAIError where error.isFinal {
            var failed = record
            failed.state = "Failed"
            failed.endedAt = now()
            failed.error = error.description
            try save(failed, from: record.state)
            throw error
        } catch let error as OpenAIError {
            var waiting = record
            waiting.error = "no answer to the create yet (\(error.description)); finetuned looks it up and resends it"
            try store.updateDeployment(waiting)
            return waiting
        }
    }

    /// Deletes a deployment at Azure and marks it `Deleted` (its hosting fee stops). A deployment
    /// that ended (failed) but that Azure still holds is deleted there too, freeing its name.
    func undeploy(name: String, account: String?) async throws -> DeploymentRecord {
        let candidates: [DeploymentRecord]
        if let account {
            candidates = try store.deployment(account: account, name: name).map { [$0] } ?? []
        } else {
            let active = try store.activeDeployments(named: name)
            // An ended one (failed, say) may still be on Azure: the newest of that name then.
            candidates =
                active.isEmpty
                ? Array(try store.deployments(includeEnded: true).filter { $0.name == name }.prefix(1)) : active
        }
        guard let record = candidates.first else { throw DeploymentError.noSuchDeployment(name) }
        if candidates.count > 1 {
            throw DeploymentError.invalid(
                "deployments named \(name) exist in several accounts (\(candidates.map(\.account).joined(separator: ", "))); name one with --account"
            )
        }
        let (_, client) = try managed(record.account)
        return try await exclusively(record.id) {
            let existed = try await client.deleteDeployment(named: name)
            var next = try store.deployment(account: record.account, name: name) ?? record
            guard next.isActive || existed else { return next }
            let previous = next.state
            next.state = DeploymentRecord.deleted
            next.endedAt = next.endedAt ?? now()
            next.checkedAt = now()
            if !existed { next.error = "Azure had no such deployment any more" }
            return try save(next, from: previous)
        }
    }
}
