/// What a poll cycle reads, page by page: the keys of every tracked unfinished job once, then the
/// poll states of only the jobs one list page shows.
extension JobStore {
    /// The tracked unfinished jobs of `account` (all accounts when nil) as keys, in no set order.
    /// `visit` sees each job's id and status as the rows are read, to pick from them without
    /// holding them (the cycle's few background event refreshes).
    public func trackedNonTerminalKeys(
        account: String? = nil, visit: (_ id: String, _ status: JobStatus) -> Void = { _, _ in }
    ) throws -> [TrackedJobKey] {
        try read { db in
            var keys: [TrackedJobKey] = []
            let filter = account == nil ? "" : " AND account = ?"
            let values: [any SQLBindable] = account.map { [$0 as any SQLBindable] } ?? []
            try db.query(
                "SELECT rowid, created_at, id, status FROM jobs WHERE terminal = 0 AND tracked = 1" + filter,
                values
            ) { row in
                keys.append(TrackedJobKey(rowID: row.int64(0), createdAt: row.int64(1)))
                visit(row.string(2), JobStatus(rawValue: row.string(3)))
            }
            return keys
        }
    }

    /// The poll states of those of `ids` that are tracked and unfinished (in `account` when not
    /// nil), with their row ids. One list page's worth: at most a few hundred ids.
    public func trackedNonTerminalPollStates(
        ids: [String], account: String? = nil
    ) throws -> [(rowID: Int64, state: JobPollState)] {
        guard !ids.isEmpty else { return [] }
        // One statement for any number of ids (a JSON array parameter), so the connection's
        // statement cache holds one, not one per list length.
        let filter = account == nil ? "" : " AND jobs.account = ?"
        var values: [any SQLBindable] = [Self.jsonArray(ids)]
        if let account { values.append(account) }
        return try read { db in
            try db.all(
                // CROSS JOIN keeps the page's ids as the outer loop: one primary-key lookup each,
                // never a scan of the account's tracked jobs per page.
                "SELECT \(Self.pollStateColumnsOfJobs), jobs.rowid FROM json_each(?) AS page CROSS JOIN jobs"
                    + " ON jobs.id = page.value WHERE jobs.terminal = 0 AND jobs.tracked = 1" + filter, values
            ) { row in (row.int64(Self.pollStateColumnCount), Self.pollState(row)) }
        }
    }

    /// The poll states of the jobs at `rowIDs` that are still tracked and unfinished.
    public func trackedNonTerminalPollStates(rowIDs: [Int64]) throws -> [(rowID: Int64, state: JobPollState)] {
        guard !rowIDs.isEmpty else { return [] }
        let list = "[" + rowIDs.map(String.init).joined(separator: ",") + "]"
        return try read { db in
            try db.all(
                "SELECT \(Self.pollStateColumnsOfJobs), jobs.rowid FROM json_each(?) AS missing CROSS JOIN jobs"
                    + " ON jobs.rowid = missing.value WHERE jobs.terminal = 0 AND jobs.tracked = 1", [list]
            ) { row in (row.int64(Self.pollStateColumnCount), Self.pollState(row)) }
        }
    }

    /// `pollStateColumns`, each qualified with the `jobs` table (for joins).
    static let pollStateColumnsOfJobs = pollStateColumns.split(separator: ",").map {
        "jobs." + $0.filter { !$0.isWhitespace }
    }.joined(separator: ", ")

    /// `strings` as a JSON array text.
    static func jsonArray(_ strings: [String]) -> String {
        var text = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case _ where scalar.value < 0x20: text += "\\u" + format4(scalar.value)
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
        return text + "]"
    }

    private static func format4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 4 - hex.count) + hex
    }
}
