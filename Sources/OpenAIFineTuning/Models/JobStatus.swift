/// A fine-tuning job's status. Open: the API returns `paused`, which its own schema does not list,
/// and may return other values; an unknown status is neither terminal nor an error.
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

    /// Succeeded, failed or cancelled: the job will never change again.
    public var isTerminal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
