/// What a poll cycle reads about the jobs it polls: the columns a change is decided on
/// (`JobPollState`), never whole records or the stored API JSON.
extension JobStore {
    static let pollStateColumns = """
        id, status, created_at, fine_tuned_model, finished_at, estimated_finish, trained_tokens,
        error_code, error_message, last_event_id
        """

    /// The tracked, unfinished jobs of `account` (all accounts when nil), by id.
    public func trackedNonTerminalPollStates(account: String? = nil) throws -> [String: JobPollState] {
        try read { db in
            var states: [String: JobPollState] = [:]
            let filter = account == nil ? "" : " AND account = ?"
            let values: [any SQLBindable] = account.map { [$0 as any SQLBindable] } ?? []
            try db.query(
                "SELECT \(Self.pollStateColumns) FROM jobs WHERE terminal = 0 AND tracked = 1" + filter, values
            ) { row in
                let state = Self.pollState(row)
                states[state.id] = state
            }
            return states
        }
    }

    /// The state in a row that starts with `pollStateColumns`.
    static func pollState(_ row: SQLiteRow) -> JobPollState {
        JobPollState(
            id: row.string(0), status: JobStatus(rawValue: row.string(1)), createdAt: row.int64(2),
            fineTunedModel: row.optionalString(3), finishedAt: row.optionalInt64(4),
            estimatedFinish: row.optionalInt64(5), trainedTokens: row.optionalInt64(6),
            failureCode: row.optionalString(7), failureMessage: row.optionalString(8),
            lastEventID: row.optionalString(9))
    }

    /// How many columns `pollStateColumns` names (a query's next column is at this index).
    static let pollStateColumnCount: Int32 = 10

    /// What the next cycle's interval is decided on: the statuses of the tracked unfinished jobs
    /// (each status once, however many jobs have it) and whether any of `watching` (the jobs
    /// someone watches now; the store does not know who watches) is one of them.
    public func activeScheduleFacts(watching: Set<String> = []) throws -> (statuses: [JobStatus], anyWatched: Bool) {
        try read { db in
            let statuses = try db.all("SELECT DISTINCT status FROM jobs WHERE terminal = 0 AND tracked = 1") {
                JobStatus(rawValue: $0.string(0))
            }
            // One lookup by primary key per watched job: a handful, and one cached statement.
            let watched = try watching.contains { id in
                try db.first("SELECT 1 FROM jobs WHERE id = ? AND terminal = 0 AND tracked = 1", [id]) { _ in true }
                    ?? false
            }
            return (statuses, watched)
        }
    }

    /// Which of `ids` the store has (tracked or not).
    public func knownJobIDs(_ ids: [String]) throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            var known: Set<String> = []
            // SQLite's default limit on bound parameters is 32,766; pages are 100 jobs.
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ", ")
                let values: [any SQLBindable] = part
                for id in try db.all("SELECT id FROM jobs WHERE id IN (\(marks))", values, { $0.string(0) }) {
                    known.insert(id)
                }
            }
            return known
        }
    }
}
