/// The digests of a submission's kept copies (schema v4), apart from the other submission
/// columns so that each concern reads and writes only its own.
extension JobStore {
    /// Records the digests of the kept copies. A digest given as nil leaves the stored one.
    ///
    /// - Throws: `.notFound` when there is no such submission.
    public func recordSubmissionContent(id: String, trainingSHA256: String?, validationSHA256: String?) throws {
        let time = now()
        try writeTransaction { db in
            let changed = try db.execute(
                """
                UPDATE submissions SET training_sha256 = COALESCE(?, training_sha256),
                    validation_sha256 = COALESCE(?, validation_sha256), updated_at = ?
                WHERE id = ?
                """, [trainingSHA256, validationSHA256, time, id])
            if changed == 0 { throw JobStoreError.notFound(.submission, id: id) }
        }
    }

    /// The digests recorded on a submission; nil when there is no such submission.
    public func submissionContent(id: String) throws -> SubmissionContent? {
        try read { db in
            try db.first("SELECT training_sha256, validation_sha256 FROM submissions WHERE id = ?", [id]) { row in
                SubmissionContent(trainingSHA256: row.optionalString(0), validationSHA256: row.optionalString(1))
            }
        }
    }

    /// Every digest an unfinished submission refers to: content the store must keep.
    public func pendingContentDigests() throws -> Set<String> {
        try read { db in
            let rows = try db.all(
                """
                SELECT training_sha256, validation_sha256 FROM submissions
                WHERE state NOT IN ('created', 'failed')
                """, []
            ) { row in [row.optionalString(0), row.optionalString(1)] }
            return Set(rows.flatMap { $0.compactMap { $0 } })
        }
    }
}
