#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Submissions between attempts: waiting, cancelled, and the files they share.
extension JobStore {
    /// Cancels an unfinished submission: it becomes `failed` with `cancelledAt` set, in one
    /// transaction, so a runner that saves its next step afterwards is refused
    /// (`failed` is final). Returns the record as stored.
    ///
    /// - Throws: `.notFound`; `.invalidRecord` when the submission is already created or failed
    ///   (its job, if any, is then the thing to cancel).
    @discardableResult
    public func cancelSubmission(id: String, reason: String = "cancelled by the user") throws -> SubmissionRecord {
        let time = now()
        return try writeTransaction { db in
            guard
                var stored = try db.first(
                    "SELECT \(SubmissionColumns.list) FROM submissions WHERE id = ?", [id], SubmissionColumns.decode)
            else { throw JobStoreError.notFound(.submission, id: id) }
            guard !stored.state.isFinal else {
                throw JobStoreError.invalidRecord("submission \(id) is \(stored.displayState) already")
            }
            let cancelled = Date().timeIntervalSince1970
            try db.execute(
                """
                UPDATE submissions SET state = 'failed', error = ?, cancelled_at = ?, next_attempt_at = NULL,
                    updated_at = ? WHERE id = ?
                """, [reason, cancelled, time, id])
            stored.state = .failed
            stored.error = reason
            stored.cancelledAt = cancelled
            stored.nextAttemptAt = nil
            stored.updatedAt = time
            return stored
        }
    }

    /// Records a transient failure of an unfinished submission: one more attempt, what failed,
    /// and when it is tried next. The submission's state does not change. Returns the record as
    /// stored; a submission that became final meanwhile (cancelled, say) is returned unchanged.
    @discardableResult
    public func recordSubmissionWaiting(id: String, error: String, nextAttemptAt: Double) throws -> SubmissionRecord {
        let time = now()
        return try writeTransaction { db in
            guard
                let stored = try db.first(
                    "SELECT \(SubmissionColumns.list) FROM submissions WHERE id = ?", [id], SubmissionColumns.decode)
            else { throw JobStoreError.notFound(.submission, id: id) }
            guard !stored.state.isFinal else { return stored }
            try db.execute(
                """
                UPDATE submissions SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ?
                WHERE id = ?
                """, [error, nextAttemptAt, time, id])
            return try db.first(
                "SELECT \(SubmissionColumns.list) FROM submissions WHERE id = ?", [id], SubmissionColumns.decode)
                ?? stored
        }
    }

    /// Clears the waiting mark when a submission is tried again.
    public func clearSubmissionWaiting(id: String) throws {
        let time = now()
        _ = try writeTransaction { db in
            try db.execute(
                "UPDATE submissions SET next_attempt_at = NULL, updated_at = ? WHERE id = ? AND next_attempt_at IS NOT NULL",
                [time, id])
        }
    }

    /// How many submissions other than `excluding` use the uploaded file `fileID` and have not
    /// failed: such a file must not be deleted.
    public func submissionsUsingFile(_ fileID: String, excluding: String) throws -> Int {
        try read { db in
            try db.first(
                """
                SELECT COUNT(*) FROM submissions
                WHERE id != ? AND state != 'failed' AND (training_file_id = ? OR validation_file_id = ?)
                """, [excluding, fileID, fileID]
            ) { Int($0.int64(0)) } ?? 0
        }
    }
}
