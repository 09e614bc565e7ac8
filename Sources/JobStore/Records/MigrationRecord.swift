/// A job re-submitted on another account: the submission that carries it, and the job it copies.
public struct MigrationRecord: Sendable, Hashable {
    public var submissionID: String
    public var sourceJobID: String
    public var targetAccount: String
    /// The new job, once the submission created it.
    public var targetJobID: String?
    /// The submission's state (`SubmissionRecord.displayState`).
    public var state: String
    public var createdAt: Int64

    public init(
        submissionID: String, sourceJobID: String, targetAccount: String, targetJobID: String? = nil,
        state: String = "received", createdAt: Int64 = 0
    ) {
        self.submissionID = submissionID
        self.sourceJobID = sourceJobID
        self.targetAccount = targetAccount
        self.targetJobID = targetJobID
        self.state = state
        self.createdAt = createdAt
    }
}
