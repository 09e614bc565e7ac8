import FoundationEssentials
import JobStore
import Logging
import Systemd

/// Logs a deployment's transitions and warnings to the journal: one entry each, with the fields
/// `FINETUNED_DEPLOYMENT`, `FINETUNED_DEPLOYMENT_STATE`, `FINETUNED_MODEL`, `FINETUNED_ACCOUNT`,
/// `FINETUNED_SKU` (and `FINETUNED_JOB` when known) and a `DeploymentJournalEvent` MESSAGE_ID.
struct DeploymentReporter: Sendable {
    let logger: Logger

    func requested(_ record: DeploymentRecord) {
        log(
            .requested, record, level: .notice,
            "deploying \(record.model) as \(record.name) (\(record.sku), capacity \(record.capacity)) on account \(record.account)"
        )
    }

    /// `previous` → `record.state`.
    func moved(_ record: DeploymentRecord, from previous: String) {
        switch record.state {
        case "Succeeded":
            log(
                .succeeded, record, level: .notice,
                "deployment \(record.name) of \(record.model) succeeded: chat goes through it; it costs by the hour until `finetunectl undeploy \(record.name)`"
            )
        case "Failed", "Canceled":
            log(
                .failed, record, level: .warning,
                "deployment \(record.name) of \(record.model) is \(record.state): \(record.error ?? "no reason given")")
        case DeploymentRecord.deleted, DeploymentRecord.gone:
            log(
                .ended, record, level: record.state == DeploymentRecord.gone ? .warning : .notice,
                "deployment \(record.name) of \(record.model) \(record.state == DeploymentRecord.gone ? "is gone: \(record.error ?? "")" : "was deleted")"
            )
        default:
            log(.stateChanged, record, level: .info, "deployment \(record.name) is \(record.state) (was \(previous))")
        }
    }

    func warn(_ warning: DeploymentReview.Warning, _ record: DeploymentRecord) {
        switch warning {
        case .inactivity(let at):
            log(
                .inactivityWarning, record, level: .warning,
                "deployment \(record.name) of \(record.model) has not been used through finetuned since \(Self.time(record.usedAt ?? record.succeededAt ?? record.createdAt)): Azure deletes a fine-tuned deployment after 15 days without use, around \(Self.time(at)) (the model stays; chat through it to keep it)",
                extra: ["deletion_at": .string(Self.time(at))])
        case .lifetime(let at):
            log(
                .lifetimeWarning, record, level: .warning,
                "Developer deployment \(record.name) of \(record.model) is removed by Azure at \(Self.time(at)) (24 hours after it was created)",
                extra: ["deletion_at": .string(Self.time(at))])
        }
    }

    private func log(
        _ event: DeploymentJournalEvent, _ record: DeploymentRecord, level: Logger.Level, _ message: String,
        extra: Logger.Metadata = [:]
    ) {
        var metadata = Self.metadata(record).merging(event.metadata) { $1 }
        metadata.merge(extra) { $1 }
        logger.log(level: level, "\(message)", metadata: metadata)
    }

    static func metadata(_ record: DeploymentRecord) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "deployment": .string(record.name), "deployment_state": .string(record.state),
            JournalMetadataKey.model: .string(record.model), JournalMetadataKey.account: .string(record.account),
            "sku": .string(record.sku),
        ]
        if let job = record.jobID { metadata[JournalMetadataKey.job] = .string(job) }
        return metadata
    }

    static func time(_ seconds: Double) -> String {
        UTCTimestamp.text(unixSeconds: seconds)
    }
}
