import Logging

/// The kinds of event the daemon logs with a fixed `MESSAGE_ID`, so that
/// `journalctl MESSAGE_ID=…` finds every occurrence of one kind across versions.
///
/// The ids are random 128-bit values chosen once (`journalctl --new-id128`) and never change.
public enum JournalEvent: String, Sendable, CaseIterable {
    case submitted
    case statusChanged
    case succeeded
    case failed
    case cancelled
    /// A model (or, on Azure, its training) ends within 30 days.
    case modelRetiring
    /// … within 7 days.
    case modelRetiringThisWeek
    /// … within a day (today or tomorrow).
    case modelRetiringTomorrow

    /// 32 lowercase hex digits, as journald writes `MESSAGE_ID`.
    public var messageID: String {
        switch self {
        case .submitted: return "81c64d3b333542f0bd8b240b0258d576"
        case .statusChanged: return "ef485e1452334547b2e757142d59c535"
        case .succeeded: return "fcf45429a5104c22a1542fce833206d7"
        case .failed: return "66443e959eb04acc831fbb8a67d09c9a"
        case .cancelled: return "85bfee903dd24784b3e9db2487b6e6f1"
        case .modelRetiring: return "57c0706e6eae47b08f0d66a22d0a7746"
        case .modelRetiringThisWeek: return "fc576804bdc64921b72952d9a0164346"
        case .modelRetiringTomorrow: return "eb6d0e46d44d4ffbbb154ae2d693ffa2"
        }
    }

    /// Metadata that tags a log call with this event: `logger.info("…", metadata: JournalEvent.failed.metadata)`.
    public var metadata: Logger.Metadata { [JournalMetadataKey.messageID: .string(messageID)] }
}

/// Metadata keys the journald handler gives a meaning. Any other key `k` becomes the field
/// `FINETUNED_K` (upper-cased, prefixed so it cannot clash with journald's own fields).
public enum JournalMetadataKey {
    /// Becomes `MESSAGE_ID` when it holds 32 hex digits (use `JournalEvent.metadata`).
    public static let messageID = "message_id"
    /// `FINETUNED_JOB`: the fine-tuning job id.
    public static let job = "job"
    /// `FINETUNED_STATUS`: the job's status.
    public static let status = "status"
    /// `FINETUNED_MODEL`: the base or fine-tuned model.
    public static let model = "model"
    /// `FINETUNED_ACCOUNT`: the configured account name.
    public static let account = "account"
}
