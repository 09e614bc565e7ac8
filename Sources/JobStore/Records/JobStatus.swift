/// A fine-tuning job's status as the API reports it (`validating_files`, `queued`, `running`,
/// `paused`, `succeeded`, `failed`, `cancelled`, or any status a newer API invents).
///
/// Unknown statuses are kept verbatim and count as not terminal, so a job in a new state keeps
/// being polled rather than being forgotten.
public struct JobStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let validatingFiles = JobStatus(rawValue: "validating_files")
    public static let queued = JobStatus(rawValue: "queued")
    public static let running = JobStatus(rawValue: "running")
    public static let paused = JobStatus(rawValue: "paused")
    public static let succeeded = JobStatus(rawValue: "succeeded")
    public static let failed = JobStatus(rawValue: "failed")
    public static let cancelled = JobStatus(rawValue: "cancelled")

    /// The statuses after which a job never changes again (must match the schema's `terminal`).
    public static let terminalStatuses: Set<JobStatus> = [.succeeded, .failed, .cancelled]

    /// True for succeeded, failed and cancelled.
    public var isTerminal: Bool { Self.terminalStatuses.contains(self) }

    public var description: String { rawValue }
}
