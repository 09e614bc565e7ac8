/// The daemon's copy of one fine-tuning job.
///
/// Fields named like the API's are copied from the last job object the API returned
/// (`rawJSON` keeps that object whole). The store owns `lastEventID`, `lastPolledAt`,
/// `isTracked`, `submissionID`, `firstSeenAt` and `updatedAt`; see `JobStore.apply(_:)` for which
/// of them an update may change. Times are Unix seconds. Who watches a job is not stored (the
/// daemon counts watchers in memory, so a crash leaves none); the schema's `watched` column is
/// no longer read or written.
public struct JobRecord: Sendable, Hashable, Identifiable {
    public var id: String
    /// The configured account (`[Account] Name=`) the job belongs to.
    public var account: String
    public var status: JobStatus
    /// The base model, as the API resolved it.
    public var model: String
    public var fineTunedModel: String?
    public var createdAt: Int64
    public var finishedAt: Int64?
    public var estimatedFinish: Int64?
    public var trainedTokens: Int64?
    public var trainingFile: String?
    public var validationFile: String?
    public var suffix: String?
    /// The API's `error` object; nil when the job has no error.
    public var failure: JobFailure?
    /// The last job object the API returned, verbatim JSON; must be valid JSON when set.
    public var rawJSON: String?
    /// The id of the newest event stored for this job: where the next events fetch stops.
    public var lastEventID: String?
    public var lastPolledAt: Int64?
    /// Tracked jobs are polled until terminal; untracked ones are kept but never polled.
    public var isTracked: Bool
    /// The submission that created the job, if this daemon created it.
    public var submissionID: String?
    /// When this daemon first stored the job (set by the store).
    public var firstSeenAt: Int64
    /// When the row last changed (set by the store).
    public var updatedAt: Int64

    public init(
        id: String, account: String, status: JobStatus, model: String,
        fineTunedModel: String? = nil, createdAt: Int64, finishedAt: Int64? = nil,
        estimatedFinish: Int64? = nil, trainedTokens: Int64? = nil, trainingFile: String? = nil,
        validationFile: String? = nil, suffix: String? = nil, failure: JobFailure? = nil,
        rawJSON: String? = nil, lastEventID: String? = nil, lastPolledAt: Int64? = nil,
        isTracked: Bool = true, submissionID: String? = nil,
        firstSeenAt: Int64 = 0, updatedAt: Int64 = 0
    ) {
        self.id = id
        self.account = account
        self.status = status
        self.model = model
        self.fineTunedModel = fineTunedModel
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.estimatedFinish = estimatedFinish
        self.trainedTokens = trainedTokens
        self.trainingFile = trainingFile
        self.validationFile = validationFile
        self.suffix = suffix
        self.failure = failure
        self.rawJSON = rawJSON
        self.lastEventID = lastEventID
        self.lastPolledAt = lastPolledAt
        self.isTracked = isTracked
        self.submissionID = submissionID
        self.firstSeenAt = firstSeenAt
        self.updatedAt = updatedAt
    }

    public var isTerminal: Bool { status.isTerminal }
}

/// The API's job `error` object: why a job failed.
public struct JobFailure: Sendable, Hashable {
    public var code: String?
    public var message: String?
    public var param: String?

    public init(code: String?, message: String?, param: String? = nil) {
        self.code = code
        self.message = message
        self.param = param
    }
}
