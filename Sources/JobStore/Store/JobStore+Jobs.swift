/// Reading jobs, and the few store-owned flags a client may change.
extension JobStore {
    /// The job with this id, or nil.
    public func job(id: String) throws -> JobRecord? {
        try read { db in
            try db.first("SELECT \(JobColumns.list) FROM jobs WHERE id = ?", [id], JobColumns.decode)
        }
    }

    /// Jobs the poller must still poll: tracked and not terminal, optionally of one account.
    /// Served from a partial index, so the cost follows the number of active jobs, not the table.
    public func trackedNonTerminalJobs(account: String? = nil) throws -> [JobRecord] {
        try read { db in
            if let account {
                return try db.all(
                    "SELECT \(JobColumns.list) FROM jobs WHERE terminal = 0 AND tracked = 1 AND account = ?",
                    [account], JobColumns.decode)
            }
            return try db.all(
                "SELECT \(JobColumns.list) FROM jobs WHERE terminal = 0 AND tracked = 1",
                [], JobColumns.decode)
        }
    }

    /// One page of jobs matching `filter`, newest first (by `createdAt`, then id).
    ///
    /// - Parameters:
    ///   - after: the previous page's `nextCursor`; nil for the first page.
    ///   - limit: page size, 1…1000 (clamped).
    public func listJobs(filter: JobFilter = JobFilter(), after: JobCursor? = nil, limit: Int = 100) throws -> JobPage {
        let pageSize = min(max(limit, 1), 1000)
        var conditions: [String] = []
        var values: [any SQLBindable] = []
        if let account = filter.account {
            conditions.append("account = ?")
            values.append(account)
        }
        if let statuses = filter.statuses {
            let sorted = statuses.map(\.rawValue).sorted()
            conditions.append("status IN (\(sorted.isEmpty ? "NULL" : sorted.map { _ in "?" }.joined(separator: ",")))")
            values.append(contentsOf: sorted as [any SQLBindable])
        }
        if let active = filter.active {
            conditions.append(active ? "terminal = 0" : "terminal = 1")
        }
        if let model = filter.model {
            conditions.append("model = ?")
            values.append(model)
        }
        if let submissionID = filter.submissionID {
            conditions.append("submission_id = ?")
            values.append(submissionID)
        }
        if let since = filter.createdSince {
            conditions.append("created_at >= ?")
            values.append(since)
        }
        if let after {
            conditions.append("(created_at, id) < (?, ?)")
            values.append(after.createdAt)
            values.append(after.id)
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT \(JobColumns.list) FROM jobs \(whereClause)
            ORDER BY created_at DESC, id DESC LIMIT \(pageSize + 1)
            """
        let boundValues = values
        var jobs = try read { db in try db.all(sql, boundValues, JobColumns.decode) }
        var next: JobCursor?
        if jobs.count > pageSize {
            jobs.removeLast()
            next = jobs.last.map { JobCursor(createdAt: $0.createdAt, id: $0.id) }
        }
        return JobPage(jobs: jobs, nextCursor: next)
    }

    /// How many jobs are in each status, over all accounts.
    public func statusCounts() throws -> StatusCounts {
        try read { db in
            var counts: [JobStatus: Int] = [:]
            try db.query("SELECT status, count(*) FROM jobs GROUP BY status") { row in
                counts[JobStatus(rawValue: row.string(0))] = row.int(1)
            }
            return StatusCounts(counts: counts)
        }
    }

    /// Counts of tracked, non-terminal jobs by status (for the `STATUS=` line): cheap, from the
    /// partial index of active jobs.
    public func activeStatusCounts() throws -> StatusCounts {
        try read { db in
            var counts: [JobStatus: Int] = [:]
            try db.query(
                "SELECT status, count(*) FROM jobs INDEXED BY jobs_active WHERE terminal = 0 AND tracked = 1 GROUP BY status"
            ) { row in
                counts[JobStatus(rawValue: row.string(0))] = row.int(1)
            }
            return StatusCounts(counts: counts)
        }
    }

    /// Starts or stops polling a job. - Throws: `JobStoreError.notFound`.
    public func setTracked(jobID: String, _ tracked: Bool) throws {
        try setFlag("tracked", jobID: jobID, tracked)
    }

    private func setFlag(_ column: String, jobID: String, _ value: Bool) throws {
        let time = now()
        let changed = try write { db in
            try db.execute("UPDATE jobs SET \(column) = ?, updated_at = ? WHERE id = ?", [value, time, jobID])
        }
        if changed == 0 { throw JobStoreError.notFound(.job, id: jobID) }
    }

    /// Records that these jobs were polled at `time` and nothing changed (one transaction).
    /// Unknown ids are ignored.
    public func markPolled(jobIDs: [String], at time: Int64) throws {
        guard !jobIDs.isEmpty else { return }
        try writeTransaction { db in
            for id in jobIDs {
                try db.execute("UPDATE jobs SET last_polled_at = ? WHERE id = ?", [time, id])
            }
        }
    }
}
