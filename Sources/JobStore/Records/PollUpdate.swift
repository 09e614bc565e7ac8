/// Everything one poll learned about one job, written by `JobStore.apply` in one transaction.
public struct PollUpdate: Sendable {
    /// The job as the API returned it. Store-owned fields are handled as `JobStore.apply` says.
    public var job: JobRecord
    /// Events not seen before, oldest first. Already stored ids are skipped, so overlap is safe.
    public var newEvents: [EventRecord]
    public var metricPoints: [MetricPoint]
    public var checkpoints: [CheckpointRecord]
    /// The fine-tuned model, once the job succeeded and the model was fetched.
    public var model: ModelRecord?
    /// When the poll happened (Unix seconds); stored as the job's `lastPolledAt`.
    public var polledAt: Int64

    public init(
        job: JobRecord, newEvents: [EventRecord] = [], metricPoints: [MetricPoint] = [],
        checkpoints: [CheckpointRecord] = [], model: ModelRecord? = nil, polledAt: Int64
    ) {
        self.job = job
        self.newEvents = newEvents
        self.metricPoints = metricPoints
        self.checkpoints = checkpoints
        self.model = model
        self.polledAt = polledAt
    }
}

/// What `JobStore.apply` changed, so the caller can log transitions and run hooks.
public struct AppliedUpdate: Sendable, Hashable {
    public var jobID: String
    /// The status stored before this update; nil when the job was new.
    public var previousStatus: JobStatus?
    public var status: JobStatus
    /// The events actually inserted (duplicates dropped), oldest first, with their sequences.
    public var insertedEvents: [EventRecord]

    /// True when the job is new or its status differs from the stored one.
    public var statusChanged: Bool { previousStatus != status }

    /// True when this update moved the job into a terminal status (it was not terminal before).
    public var becameTerminal: Bool { status.isTerminal && !(previousStatus?.isTerminal ?? false) }
}
