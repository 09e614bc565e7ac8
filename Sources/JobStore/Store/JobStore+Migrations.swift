/// Jobs migrated to another account: each is a submission (exactly-once like any submit) linked
/// to the job it re-submits.
extension JobStore {
    /// Stores a new submission (state `received`) and its link to `sourceJobID` in one
    /// transaction, so a crash leaves both or neither.
    public func createMigration(_ submission: SubmissionRecord, sourceJobID: String) throws {
        let time = now()
        try writeTransaction { db in
            try Self.insertSubmission(submission, time: time, db: db)
            _ = try db.execute(
                "INSERT INTO job_migrations (submission_id, source_job_id, target_account, created_at) VALUES (?, ?, ?, ?)",
                [submission.id, sourceJobID, submission.account, time])
        }
    }

    /// The migrations of a job, oldest first.
    public func migrations(ofJob jobID: String) throws -> [MigrationRecord] {
        try read { db in
            try db.all(
                "\(Self.migrationSelect) WHERE m.source_job_id = ? ORDER BY m.created_at, m.submission_id",
                [jobID], Self.migration)
        }
    }

    /// The migration that created `jobID`, if it was created by one.
    public func migration(creating jobID: String) throws -> MigrationRecord? {
        try read { db in
            try db.first("\(Self.migrationSelect) WHERE s.job_id = ?", [jobID], Self.migration)
        }
    }

    /// For each of `jobIDs` that has any: the job it was migrated from, and the jobs it was
    /// migrated to (created ones only).
    public func migrationLinks(jobIDs: [String]) throws -> [String: (from: String?, to: [String])] {
        guard !jobIDs.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: jobIDs.count).joined(separator: ", ")
        return try read { db in
            var links: [String: (from: String?, to: [String])] = [:]
            let rows = try db.all(
                """
                \(Self.migrationSelect) WHERE s.job_id IS NOT NULL
                    AND (m.source_job_id IN (\(marks)) OR s.job_id IN (\(marks)))
                ORDER BY m.created_at, m.submission_id
                """, jobIDs + jobIDs, Self.migration)
            let wanted = Set(jobIDs)
            for row in rows {
                guard let target = row.targetJobID else { continue }
                if wanted.contains(row.sourceJobID) { links[row.sourceJobID, default: (nil, [])].to.append(target) }
                if wanted.contains(target) { links[target, default: (nil, [])].from = row.sourceJobID }
            }
            return links
        }
    }

    static let migrationSelect = """
        SELECT m.submission_id, m.source_job_id, m.target_account, s.job_id, s.state, s.cancelled_at, m.created_at
        FROM job_migrations m JOIN submissions s ON s.id = m.submission_id
        """

    static func migration(_ row: SQLiteRow) -> MigrationRecord {
        MigrationRecord(
            submissionID: row.string(0), sourceJobID: row.string(1), targetAccount: row.string(2),
            targetJobID: row.optionalString(3), state: row.optionalString(5) != nil ? "cancelled" : row.string(4),
            createdAt: row.int64(6))
    }
}
