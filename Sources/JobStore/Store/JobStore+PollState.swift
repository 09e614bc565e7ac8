/// What a poll cycle reads about the jobs it polls: the columns a change is decided on, without
/// the stored API JSON (the bulk of a row). A cycle over 10,000 running jobs reads these, never
/// the whole records.
extension JobStore {
    /// Column list for `pollStates`: `raw_json` is left out (read as NULL), everything else as
    /// `JobColumns.list`, so the same decoder serves.
    static let pollStateColumns = JobColumns.list.replacingOccurrences(of: "raw_json", with: "NULL")

    /// The tracked, unfinished jobs of `account` (all accounts when nil), each without its
    /// `rawJSON`, which is nil in every record returned.
    public func trackedNonTerminalPollStates(account: String? = nil) throws -> [JobRecord] {
        try read { db in
            if let account {
                return try db.all(
                    "SELECT \(Self.pollStateColumns) FROM jobs WHERE terminal = 0 AND tracked = 1 AND account = ?",
                    [account], JobColumns.decode)
            }
            return try db.all(
                "SELECT \(Self.pollStateColumns) FROM jobs WHERE terminal = 0 AND tracked = 1", [], JobColumns.decode)
        }
    }

    /// What the next cycle's interval is decided on: the statuses of the tracked unfinished jobs
    /// and whether any of them is watched.
    public func activeScheduleFacts() throws -> (statuses: [JobStatus], anyWatched: Bool) {
        let rows = try read { db in
            try db.all("SELECT status, watched FROM jobs WHERE terminal = 0 AND tracked = 1") {
                (status: JobStatus(rawValue: $0.string(0)), watched: $0.bool(1))
            }
        }
        return (rows.map(\.status), rows.contains { $0.watched })
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
