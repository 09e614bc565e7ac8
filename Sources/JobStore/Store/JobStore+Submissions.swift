/// Submissions: the durable record of a create-job request, saved before every step.
extension JobStore {
    /// Stores a new submission in state `received`.
    ///
    /// - Throws: `JobStoreError.invalidRecord` if the id exists, the state is not `received`, or
    ///   `requestJSON` is not valid JSON.
    public func createSubmission(_ submission: SubmissionRecord) throws {
        guard submission.state == .received else {
            throw JobStoreError.invalidRecord("a new submission must be in state received, not \(submission.state)")
        }
        let time = now()
        try writeTransaction { db in try Self.insertSubmission(submission, time: time, db: db) }
    }

    /// Inserts a new submission inside the caller's transaction. - Throws: `.invalidRecord` when
    /// it exists already.
    static func insertSubmission(_ submission: SubmissionRecord, time: Int64, db: SQLiteConnection) throws {
        let exists = try db.first("SELECT 1 FROM submissions WHERE id = ?", [submission.id]) { _ in true } ?? false
        if exists { throw JobStoreError.invalidRecord("submission \(submission.id) already exists") }
        _ = try Self.withJSONCheck("submission \(submission.id)") {
            try db.execute(
                "INSERT INTO submissions (\(SubmissionColumns.list)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Self.values(of: submission, createdAt: time, updatedAt: time))
        }
    }

    /// Saves a submission's new state and fields, if the move is allowed from the stored state
    /// (`SubmissionState.canMove(to:)`). Returns the record as stored.
    ///
    /// - Throws: `.notFound`; `.invalidRecord` for a forbidden move or a changed account.
    @discardableResult
    public func updateSubmission(_ submission: SubmissionRecord) throws -> SubmissionRecord {
        let time = now()
        return try writeTransaction { db in
            guard
                let stored = try db.first(
                    "SELECT \(SubmissionColumns.list) FROM submissions WHERE id = ?", [submission.id],
                    SubmissionColumns.decode)
            else { throw JobStoreError.notFound(.submission, id: submission.id) }
            guard stored.state.canMove(to: submission.state) else {
                throw JobStoreError.invalidRecord(
                    "submission \(submission.id) cannot move from \(stored.state) to \(submission.state)")
            }
            guard stored.account == submission.account else {
                throw JobStoreError.invalidRecord("submission \(submission.id) cannot change account")
            }
            var updated = submission
            updated.createdAt = stored.createdAt
            updated.updatedAt = time
            _ = try Self.withJSONCheck("submission \(submission.id)") {
                try db.execute(
                    """
                    UPDATE submissions SET id = ?, account = ?, state = ?, training_file_path = ?,
                        validation_file_path = ?, training_file_id = ?, validation_file_id = ?,
                        upload_id = ?, job_id = ?, request_json = ?, error = ?, requested_by_uid = ?,
                        created_at = ?, updated_at = ?, create_sent_at = ?, duplicate_job_ids = ?,
                        attempts = ?, last_error = ?, next_attempt_at = ?, cancelled_at = ?
                    WHERE id = ?
                    """,
                    Self.values(of: updated, createdAt: updated.createdAt, updatedAt: time) + [submission.id])
            }
            return updated
        }
    }

    /// Records jobs that carried the submission's tag beside the one kept (and were cancelled),
    /// whatever the submission's state. Ids already recorded are not added again.
    public func recordDuplicateJobs(submissionID: String, jobIDs: [String]) throws {
        let time = now()
        try writeTransaction { db in
            let current = try db.first(
                "SELECT duplicate_job_ids FROM submissions WHERE id = ?", [submissionID]
            ) { $0.optionalString(0) }
            guard let current else { throw JobStoreError.notFound(.submission, id: submissionID) }
            var ids = current.map { $0.split(separator: ",").map(String.init) } ?? []
            for id in jobIDs where !ids.contains(id) { ids.append(id) }
            try db.execute(
                "UPDATE submissions SET duplicate_job_ids = ?, updated_at = ? WHERE id = ?",
                [ids.joined(separator: ","), time, submissionID])
        }
    }

    /// The stored submissions among `ids`, by id (unknown ids are left out).
    public func submissions(ids: [String]) throws -> [String: SubmissionRecord] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var found: [String: SubmissionRecord] = [:]
            for id in Set(ids) {
                if let record = try db.first(
                    "SELECT \(SubmissionColumns.list) FROM submissions WHERE id = ?", [id], SubmissionColumns.decode)
                {
                    found[id] = record
                }
            }
            return found
        }
    }

    /// The submission with this id, or nil.
    public func submission(id: String) throws -> SubmissionRecord? {
        try read { db in
            try db.first(
                "SELECT \(SubmissionColumns.list) FROM submissions WHERE id = ?", [id],
                SubmissionColumns.decode)
        }
    }

    /// Submissions neither created nor failed, oldest first: the ones to resume after a restart.
    public func unfinishedSubmissions() throws -> [SubmissionRecord] {
        try read { db in
            try db.all(
                """
                SELECT \(SubmissionColumns.list) FROM submissions
                WHERE state NOT IN ('created', 'failed') ORDER BY created_at, id
                """, [], SubmissionColumns.decode)
        }
    }

    /// The newest submissions first, at most `limit`.
    public func recentSubmissions(limit: Int = 100) throws -> [SubmissionRecord] {
        try read { db in
            try db.all(
                "SELECT \(SubmissionColumns.list) FROM submissions ORDER BY created_at DESC, id DESC LIMIT ?",
                [max(limit, 0)], SubmissionColumns.decode)
        }
    }

    private static func values(of s: SubmissionRecord, createdAt: Int64, updatedAt: Int64) -> [any SQLBindable] {
        [
            s.id, s.account, s.state.rawValue, s.trainingFilePath, s.validationFilePath, s.trainingFileID,
            s.validationFileID, s.uploadID, s.jobID, s.requestJSON, s.error, s.requestedByUID, createdAt,
            updatedAt, s.createSentAt, s.duplicateJobIDs.isEmpty ? nil : s.duplicateJobIDs.joined(separator: ","),
            Int64(s.attempts), s.lastError, s.nextAttemptAt, s.cancelledAt,
        ]
    }
}
