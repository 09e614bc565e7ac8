/// The read behind `io.finetuned.Jobs.Get`: a job and what is shown beside it, in one go.
extension JobStore {
    /// A job with its migration links and the file it was submitted from.
    public struct JobDetail: Sendable {
        /// The job, except its stored API JSON: `record.rawJSON` is nil here (what `Get` needs
        /// from it is in `methodType` and `hyperparametersJSON`).
        public var record: JobRecord
        /// The fine-tuning method (`method.type` of the stored API JSON), if it names one.
        public var methodType: String?
        /// The resolved hyperparameters of the stored API JSON, as JSON object text, if any.
        public var hyperparametersJSON: String?
        /// The job this one was migrated from, if a migration created it.
        public var migratedFrom: String?
        /// The jobs created by migrating this one, oldest first.
        public var migratedTo: [String]
        /// The local training file, for a job submitted through this daemon.
        public var submittedFile: String?
    }

    /// The job with this id and its links, or nil when there is no such job.
    ///
    /// The parts come from the same committed state (the same answers as `job(id:)`,
    /// `migration(creating:)`, `migrations(ofJob:)` and `submission(id:)` made one after another
    /// with no write between). Statements prepared once per connection:
    /// - the job with its method, hyperparameters, origin, submitted file, and whether any job
    ///   was migrated from it: for most jobs that is all, one statement in its own read
    ///   transaction (`Jobs.Get` is answered on an event loop: no BEGIN/COMMIT round);
    /// - when jobs were migrated from it, both statements again inside one read transaction.
    public func jobDetail(id: String) throws -> JobDetail? {
        try read { db in
            guard let (detail, migratedFromIt) = try Self.detail(db, id: id) else { return nil }
            guard migratedFromIt else { return detail }
            try db.execute("BEGIN")
            defer { _ = try? db.execute("COMMIT") }
            guard var (again, _) = try Self.detail(db, id: id) else { return nil }
            again.migratedTo = try db.all(Self.migratedToSQL, [id]) { $0.string(0) }
            return again
        }
    }

    /// The first statement's row: the detail (without `migratedTo`), and whether jobs were
    /// migrated from the job.
    private static func detail(_ db: SQLiteConnection, id: String) throws -> (JobDetail, Bool)? {
        try db.first(Self.jobDetailSQL, [id]) { row in
            (
                JobDetail(
                    record: JobColumns.decode(row), methodType: row.optionalString(JobColumns.count),
                    hyperparametersJSON: row.optionalString(JobColumns.count + 1),
                    migratedFrom: row.optionalString(JobColumns.count + 2), migratedTo: [],
                    submittedFile: row.optionalString(JobColumns.count + 3)),
                row.int64(JobColumns.count + 4) != 0
            )
        }
    }

    /// The job's columns (its raw JSON left out), then `method_type`, `hyperparameters_json`,
    /// the job it was migrated from, its submission's training file, and whether jobs were
    /// migrated from it.
    private static let jobDetailSQL = """
        SELECT \(JobColumns.list.replacing("raw_json", with: "NULL")),
            method_type, hyperparameters_json,
            (SELECT m.source_job_id FROM submissions s JOIN job_migrations m ON m.submission_id = s.id
             WHERE s.job_id = jobs.id LIMIT 1),
            (SELECT COALESCE(training_file_path, '') FROM submissions WHERE id = jobs.submission_id),
            EXISTS (SELECT 1 FROM job_migrations WHERE source_job_id = jobs.id)
        FROM jobs WHERE id = ?
        """

    /// The jobs created by migrating the job, oldest first (`migrations(ofJob:)`'s order).
    private static let migratedToSQL = """
        SELECT s.job_id FROM job_migrations m JOIN submissions s ON s.id = m.submission_id
        WHERE m.source_job_id = ? AND s.job_id IS NOT NULL
        ORDER BY m.created_at, m.submission_id
        """
}
