/// A fine-tuned model the daemon knows of.
public struct ModelRecord: Sendable, Hashable, Identifiable {
    /// `ft:<base>:<org>:<suffix>:<id>`
    public var id: String
    /// The job that produced it, if known.
    public var jobID: String?
    public var account: String
    public var baseModel: String?
    /// The API's `created` (Unix seconds).
    public var createdAt: Int64
    public var ownedBy: String?
    /// The API's `shutdown_date` (`YYYY-MM-DD`), when the model is scheduled to retire.
    public var shutdownDate: String?
    /// The API no longer lists the model (deleted, or retired).
    public var isDeleted: Bool
    /// The first schema's single retirement warning flag (column `retirement_warned`). No longer
    /// set: the daemon records each warning (30, 7 and 1 days, per end date) in
    /// `retirement_warnings` (`JobStore.recordRetirementWarning`).
    public var retirementWarned: Bool

    public init(
        id: String, jobID: String? = nil, account: String, baseModel: String? = nil,
        createdAt: Int64, ownedBy: String? = nil, shutdownDate: String? = nil,
        isDeleted: Bool = false, retirementWarned: Bool = false
    ) {
        self.id = id
        self.jobID = jobID
        self.account = account
        self.baseModel = baseModel
        self.createdAt = createdAt
        self.ownedBy = ownedBy
        self.shutdownDate = shutdownDate
        self.isDeleted = isDeleted
        self.retirementWarned = retirementWarned
    }
}
