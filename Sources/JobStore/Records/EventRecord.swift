/// One fine-tuning job event (`fine_tuning.job.event`).
public struct EventRecord: Sendable, Hashable, Identifiable {
    /// The API's event id (`ftevent-…`); unique within a job.
    public var id: String
    public var jobID: String
    public var createdAt: Int64
    /// `info`, `warn` or `error`.
    public var level: String
    /// `message`, `metrics`, or whatever the API sends; nil when absent.
    public var type: String?
    public var message: String
    /// The event's `data` object as JSON text; must be valid JSON when set.
    public var dataJSON: String?
    /// The store's insertion order, increasing across all jobs: 0 until stored.
    /// Events of one job are returned ordered by it, which is chronological order.
    public var sequence: Int64

    public init(
        id: String, jobID: String, createdAt: Int64, level: String, type: String? = nil,
        message: String, dataJSON: String? = nil, sequence: Int64 = 0
    ) {
        self.id = id
        self.jobID = jobID
        self.createdAt = createdAt
        self.level = level
        self.type = type
        self.message = message
        self.dataJSON = dataJSON
        self.sequence = sequence
    }
}
