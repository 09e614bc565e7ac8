/// What a poll cycle decides a job's change on, and nothing more: the stored status and the
/// details a change shows in, the last event fetched. (Who watches a job is not stored: the
/// daemon counts its watchers in memory.)
///
/// A cycle holds one of these for every tracked unfinished job (`trackedNonTerminalPollStates`)
/// while it pages the list: about 200 bytes a job, where a whole `JobRecord` (model, files,
/// account, submission, timestamps) is about 500. At 100,000 running jobs that is the
/// difference between some 20 MB and 50 MB allocated and freed every cycle.
public struct JobPollState: Sendable, Equatable {
    public var id: String
    public var status: JobStatus
    public var createdAt: Int64
    public var fineTunedModel: String?
    public var finishedAt: Int64?
    public var estimatedFinish: Int64?
    public var trainedTokens: Int64?
    public var failureCode: String?
    public var failureMessage: String?
    public var lastEventID: String?

    public init(
        id: String, status: JobStatus, createdAt: Int64, fineTunedModel: String? = nil, finishedAt: Int64? = nil,
        estimatedFinish: Int64? = nil, trainedTokens: Int64? = nil, failureCode: String? = nil,
        failureMessage: String? = nil, lastEventID: String? = nil
    ) {
        self.id = id
        self.status = status
        self.createdAt = createdAt
        self.fineTunedModel = fineTunedModel
        self.finishedAt = finishedAt
        self.estimatedFinish = estimatedFinish
        self.trainedTokens = trainedTokens
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.lastEventID = lastEventID
    }
}

extension JobRecord {
    /// The part of the record a poll cycle decides on.
    public var pollState: JobPollState {
        JobPollState(
            id: id, status: status, createdAt: createdAt, fineTunedModel: fineTunedModel, finishedAt: finishedAt,
            estimatedFinish: estimatedFinish, trainedTokens: trainedTokens, failureCode: failure?.code,
            failureMessage: failure?.message, lastEventID: lastEventID)
    }
}
