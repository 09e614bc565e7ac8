/// A fine-tuning job's status. Open: the API returns `paused`, which its own schema does not list,
/// and may return other values; an unknown status is neither terminal nor an error.
///
/// Azure's dated API adds `created`, `pending` (the answer to a create), `pausing` and
/// `resuming`; they are kept verbatim, and `phase` says what each means.
public struct JobStatus: OpenString {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let validatingFiles: JobStatus = "validating_files"
    public static let queued: JobStatus = "queued"
    public static let running: JobStatus = "running"
    public static let paused: JobStatus = "paused"
    public static let succeeded: JobStatus = "succeeded"
    public static let failed: JobStatus = "failed"
    public static let cancelled: JobStatus = "cancelled"
    /// Azure (dated API): accepted, not yet validating.
    public static let created: JobStatus = "created"
    /// Azure (dated API): waiting to start; what its create answers.
    public static let pending: JobStatus = "pending"
    public static let pausing: JobStatus = "pausing"
    /// Azure (dated API): a paused job on its way back to running.
    public static let resuming: JobStatus = "resuming"

    /// What a status means, whichever service named it.
    public enum Phase: Sendable, Hashable {
        /// Accepted and waiting: validating files, queued, created, pending.
        case waiting
        /// Training (running, resuming).
        case training
        /// Paused or pausing.
        case paused
        /// Succeeded, failed or cancelled.
        case ended
        /// A status this client does not know: not terminal, keep polling.
        case unknown
    }

    public var phase: Phase {
        switch self {
        case .validatingFiles, .queued, .created, .pending: .waiting
        case .running, .resuming: .training
        case .paused, .pausing: .paused
        case .succeeded, .failed, .cancelled: .ended
        default: .unknown
        }
    }

    /// Succeeded, failed or cancelled: the job will never change again.
    public var isTerminal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
