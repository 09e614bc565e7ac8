/// Which jobs `JobStore.listJobs` returns. Every set criterion must hold (AND).
public struct JobFilter: Sendable, Hashable {
    public var account: String?
    /// Only jobs in one of these statuses; nil for any.
    public var statuses: Set<JobStatus>?
    /// true: only non-terminal jobs; false: only terminal; nil: both.
    public var active: Bool?
    public var model: String?
    public var submissionID: String?
    /// Only jobs created at or after this time (Unix seconds).
    public var createdSince: Int64?

    public init(
        account: String? = nil, statuses: Set<JobStatus>? = nil, active: Bool? = nil,
        model: String? = nil, submissionID: String? = nil, createdSince: Int64? = nil
    ) {
        self.account = account
        self.statuses = statuses
        self.active = active
        self.model = model
        self.submissionID = submissionID
        self.createdSince = createdSince
    }
}

/// A position in the newest-first job list: the last job of the previous page.
///
/// Keyset paging: a page after a cursor is as fast as the first page, whatever the table size,
/// and jobs added meanwhile do not shift pages. `description`/`init?(_:)` give a string form for
/// clients (`"<created_at>/<id>"`).
public struct JobCursor: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public var createdAt: Int64
    public var id: String

    public init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    public init?(_ description: String) {
        guard let slash = description.firstIndex(of: "/"),
            let createdAt = Int64(description[..<slash])
        else { return nil }
        let id = String(description[description.index(after: slash)...])
        guard !id.isEmpty else { return nil }
        self.init(createdAt: createdAt, id: id)
    }

    public var description: String { "\(createdAt)/\(id)" }
}

/// One page of jobs, newest first.
public struct JobPage: Sendable, Hashable {
    public var jobs: [JobRecord]
    /// Pass as `after` to get the next page; nil when this page is the last.
    public var nextCursor: JobCursor?
}

/// How many jobs are in each status (only statuses with at least one job appear).
public struct StatusCounts: Sendable, Hashable {
    public var counts: [JobStatus: Int]

    public subscript(status: JobStatus) -> Int { counts[status] ?? 0 }

    /// Jobs not yet terminal.
    public var active: Int { counts.filter { !$0.key.isTerminal }.values.reduce(0, +) }
    public var total: Int { counts.values.reduce(0, +) }
}
