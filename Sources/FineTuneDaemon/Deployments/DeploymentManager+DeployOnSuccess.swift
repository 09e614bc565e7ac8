import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// `DeployOnSuccess=SKU`: each job of the account that succeeds deploys its model, once.
///
/// Exactly once, across restarts: the decision is made from the store on every monitor pass
/// (not from an in-memory event that a crash could lose), and the store refuses a second
/// deployment on success of one job (`deployments_on_success`). Jobs that succeeded before the
/// setting was first seen are not deployed.
enum DeployOnSuccessPlan {
    /// The jobs to deploy now: succeeded at or after `since` (in whole seconds, as the API
    /// gives `finished_at`), with a model, none deployed yet.
    static func jobsToDeploy(_ jobs: [JobRecord], since: Double, alreadyDeployed: (String) -> Bool) -> [JobRecord] {
        jobs.filter { job in
            job.status == .succeeded && job.fineTunedModel != nil
                && Double(job.finishedAt ?? job.updatedAt) >= since.rounded(.down) && !alreadyDeployed(job.id)
        }
    }
}

extension DeploymentManager {
    func deployOnSuccessPass() async {
        let configured = accounts.withLock { $0.map(\.configuration) }
        for account in configured {
            do {
                guard let sku = account.deployments.deployOnSuccess, account.isAzure else { continue }
                let since = try store.deployOnSuccessSince(account: account.name, now: now())
                // A job can train for 30 days at most (720 h, reference §5).
                let page = try store.listJobs(
                    filter: JobFilter(
                        account: account.name, statuses: [.succeeded], createdSince: Int64(since) - 31 * 86_400),
                    limit: 200)
                let jobs = DeployOnSuccessPlan.jobsToDeploy(page.jobs, since: since) { id in
                    (try? store.hasDeployedOnSuccess(account: account.name, jobID: id)) ?? true
                }
                for job in jobs { await deployOnSuccess(job, sku: sku) }
            } catch {
                logger.error("DeployOnSuccess= for account \(account.name): \(error)")
            }
        }
    }

    /// Deploys one succeeded job's model. A refusal before anything was stored is stored as a
    /// failed deployment, so it is reported once and not tried again at every pass; a transient
    /// failure stores nothing and is tried again at the next pass.
    private func deployOnSuccess(_ job: JobRecord, sku: DeploymentSKU) async {
        guard let model = job.fineTunedModel else { return }
        let order = DeploymentOrder(
            model: model, jobID: job.id, account: job.account, name: nil, sku: sku,
            capacity: nil, origin: "deploy_on_success")
        do {
            _ = try await deploy(order)
        } catch JobStoreError.invalidRecord {
            return  // deployed on success already (another pass got there first)
        } catch let error as OpenAIError where !error.isFinal {
            // Azure could not be asked (an outage, a timeout): nothing was stored; the next pass tries again.
            logger.warning(
                "DeployOnSuccess= for job \(job.id): \(error); trying again",
                metadata: ["job": .string(job.id), "account": .string(job.account)])
            return
        } catch {
            if (try? store.hasDeployedOnSuccess(account: job.account, jobID: job.id)) == true { return }
            let time = now()
            let failed = DeploymentRecord(
                account: job.account, name: DeploymentName.derived(fromModel: model), model: model, jobID: job.id,
                sku: sku.rawValue, capacity: sku.defaultCapacity, origin: order.origin, state: "Failed",
                createdAt: time, endedAt: time, checkedAt: time, error: "\(error)")
            if let stored = try? store.insertDeployment(failed) {
                reporter.moved(stored, from: DeploymentRecord.pending)
            }
        }
    }
}
