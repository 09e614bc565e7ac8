import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// The daemon's decisions about one tracked deployment, as pure functions of the stored record,
/// what Azure answered and the time `now` (injected, so tests move the clock): the next state,
/// the warnings that are due, and the hosting cost so far. No I/O.
///
/// Lifetimes (reference §4): a deployment inactive for more than 15 days is deleted [S8]; a
/// Developer deployment lives 24 hours whatever its use [S7][S9]. "Inactive" counts chats sent
/// through finetuned; chats sent by other programs also keep a deployment alive, which
/// finetuned cannot see, so its inactivity warning can only be early, never late.
public enum DeploymentReview {
    public static let inactivityLimit: TimeInterval = 15 * 86_400
    public static let developerLifetime: TimeInterval = 24 * 3_600
    /// How long before the inactivity deletion the warning is logged.
    public static let inactivityWarningLead: TimeInterval = 2 * 86_400
    /// How long before a Developer deployment's removal the warning is logged.
    public static let lifetimeWarningLead: TimeInterval = 2 * 3_600

    /// Azure's provisioning states after which nothing changes on its own.
    public static let settledStates: Set<String> = ["Succeeded", "Failed", "Canceled", "Disabled"]

    /// True while the state is still moving (and the daemon polls it closely).
    public static func isProvisioning(_ record: DeploymentRecord) -> Bool {
        record.isActive && !settledStates.contains(record.state)
    }

    /// What a GET of the deployment means for the record.
    public enum Outcome: Sendable, Equatable {
        /// Nothing changed (the record's `checkedAt` moves on).
        case unchanged
        /// The provisioning state moved; the record as it is now.
        case moved(DeploymentRecord)
        /// The PUT never reached Azure (a crash before it was sent): send it now.
        case sendCreate
    }

    /// Applies Azure's answer to a GET (`observed`, nil for a 404) to `record` at `now`.
    public static func observe(_ record: DeploymentRecord, _ observed: AzureDeployment?, now: Double) -> Outcome {
        var next = record
        next.checkedAt = now
        guard let observed else {
            switch record.state {
            case DeploymentRecord.pending:
                return .sendCreate
            case "Deleting":
                next.state = DeploymentRecord.deleted
            default:
                next.state = DeploymentRecord.gone
                next.error = vanishedReason(record, now: now)
            }
            next.endedAt = now
            return .moved(next)
        }
        if let model = observed.modelName, model != record.model {
            // Someone else's deployment under this name: never ours to adopt or overwrite.
            next.state = "Failed"
            next.endedAt = now
            next.error = "the name \(record.name) is used by another deployment (model \(model)); it was left untouched"
            return .moved(next)
        }
        let state = observed.provisioningState ?? record.state
        guard state != record.state else { return .unchanged }
        next.state = state
        switch state {
        case "Succeeded":
            next.succeededAt = next.succeededAt ?? now
        case "Failed", "Canceled":
            next.endedAt = now
            next.error = next.error ?? "Azure reports provisioning state \(state)"
        default:
            break
        }
        return .moved(next)
    }

    /// Why Azure no longer has a deployment finetuned did not delete.
    static func vanishedReason(_ record: DeploymentRecord, now: Double) -> String {
        if record.sku == DeploymentSKU.developer.rawValue, now >= record.createdAt + developerLifetime {
            return "removed by Azure: a Developer deployment lives 24 hours"
        }
        if let deletion = inactivityDeletion(record), now >= deletion {
            return "removed by Azure after 15 days without use (the model itself remains; deploy it again to use it)"
        }
        return "no longer exists on Azure (deleted outside finetuned)"
    }

    /// When Azure deletes the deployment for inactivity, counting from its last known use.
    public static func inactivityDeletion(_ record: DeploymentRecord) -> Double? {
        guard record.isActive, let since = record.succeededAt else { return nil }
        return max(since, record.usedAt ?? since) + inactivityLimit
    }

    /// When a Developer deployment is removed; nil for other types.
    public static func lifetimeEnd(_ record: DeploymentRecord) -> Double? {
        guard record.isActive, record.sku == DeploymentSKU.developer.rawValue else { return nil }
        return record.createdAt + developerLifetime
    }

    /// A warning the daemon owes the journal.
    public enum Warning: Sendable, Equatable {
        /// Azure deletes it at `at` unless it is used before.
        case inactivity(at: Double)
        /// The Developer tier removes it at `at`.
        case lifetime(at: Double)
    }

    /// Warnings due at `now` that were not given yet (each is given once per deployment).
    public static func warningsDue(_ record: DeploymentRecord, now: Double) -> [Warning] {
        guard record.isActive, record.state == "Succeeded" else { return [] }
        var due: [Warning] = []
        if record.inactivityWarnedAt == nil, let deletion = inactivityDeletion(record),
            now >= deletion - inactivityWarningLead,
            lifetimeEnd(record).map({ $0 > deletion }) ?? true
        {
            due.append(.inactivity(at: deletion))
        }
        if record.lifetimeWarnedAt == nil, let end = lifetimeEnd(record), now >= end - lifetimeWarningLead {
            due.append(.lifetime(at: end))
        }
        return due
    }

    /// Records that `warning` was given at `now`.
    public static func given(_ warning: Warning, _ record: DeploymentRecord, now: Double) -> DeploymentRecord {
        var next = record
        switch warning {
        case .inactivity: next.inactivityWarnedAt = now
        case .lifetime: next.lifetimeWarnedAt = now
        }
        return next
    }

    /// A use of the deployment postpones the inactivity deletion: a new warning is owed for it.
    public static func used(_ record: DeploymentRecord, now: Double) -> DeploymentRecord {
        var next = record
        next.usedAt = now
        next.inactivityWarnedAt = nil
        return next
    }

    /// Hours the deployment has existed (from its creation until it ended, or `now`) and the
    /// hosting fee for them. A deployment that failed was never hosted and costs nothing.
    public static func cost(
        _ record: DeploymentRecord, prices: HostingPrices, now: Double
    ) -> (hours: Double, usd: Double) {
        guard !["Failed", "Canceled"].contains(record.state) || record.succeededAt != nil else { return (0, 0) }
        let hours = max(0, ((record.endedAt ?? now) - record.createdAt) / 3_600)
        let hourly = DeploymentSKU(parsing: record.sku).map(prices.hourly) ?? 0
        return (hours, hours * hourly)
    }
}
