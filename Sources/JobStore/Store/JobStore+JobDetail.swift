/// The read behind `io.finetuned.Jobs.Get`: a job and what is shown beside it, in one go.
extension JobStore {
    /// A job with its migration links and the file it was submitted from.
    public struct JobDetail: Sendable {
        public var record: JobRecord
        /// The job this one was migrated from, if a migration created it.
        public var migratedFrom: String?
        /// The jobs created by migrating this one, oldest first.
        public var migratedTo: [String]
        /// The local training file, for a job submitted through this daemon.
        public var submittedFile: String?
    }

    /// The job with this id and its links, or nil when there is no such job.
    ///
    /// One read connection for all four lookups, inside one read transaction, so the parts come
    /// from the same committed state (the same answers as `job(id:)`, `migration(creating:)`,
    /// `migrations(ofJob:)` and `submission(id:)` made one after another with no write between).
    public func jobDetail(id: String) throws -> JobDetail? {
        try read { db in
            try db.execute("BEGIN")
            defer { _ = try? db.execute("COMMIT") }
            guard let record = try db.first("SELECT \(JobColumns.list) FROM jobs WHERE id = ?", [id], JobColumns.decode)
            else { return nil }
            let from = try db.first("\(Self.migrationSelect) WHERE s.job_id = ?", [id], Self.migration)
            let to = try db.all(
                "\(Self.migrationSelect) WHERE m.source_job_id = ? ORDER BY m.created_at, m.submission_id", [id],
                Self.migration)
            var file: String?
            if let submission = record.submissionID {
                file = try db.first("SELECT training_file_path FROM submissions WHERE id = ?", [submission]) {
                    $0.string(0)
                }
            }
            return JobDetail(
                record: record, migratedFrom: from?.sourceJobID, migratedTo: to.compactMap(\.targetJobID),
                submittedFile: file)
        }
    }
}
