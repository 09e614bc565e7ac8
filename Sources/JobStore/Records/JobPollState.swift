/// What a poll cycle decides a job's change on, and nothing more: the stored status and the
/// details a change shows in, the last event fetched. (Who watches a job is not stored: the
/// daemon counts its watchers in memory.)
///
/// A cycle reads these for the tracked jobs one list page shows
/// (`trackedNonTerminalPollStates(ids:account:)`), about 200 bytes a job, and holds only 16-byte
/// `TrackedJobKey`s for the rest; a whole `JobRecord` (model, files, account, submission,
/// timestamps) is about 500.
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
