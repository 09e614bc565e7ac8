/// Writing what a poll learned.
extension JobStore {
    /// Stores one poll's result in one transaction: the job (inserted or updated), its new
    /// events, metric points, checkpoints and model. If any part fails, nothing is stored.
    ///
    /// What the update may change:
    /// - API fields of the job (status, model, fine-tuned model, times, tokens, files, suffix,
    ///   failure, `rawJSON`) are replaced by the update's.
    /// - `account` and `firstSeenAt` are set when the job is first stored and never change.
    /// - `lastEventID` becomes the id of the last of `newEvents` (they are oldest first); with no
    ///   new events it becomes `job.lastEventID` if that is set, else it is kept.
    /// - `lastPolledAt` becomes `polledAt`. `isTracked` is taken from the update only when the
    ///   job is new; change it later with `setTracked`.
    /// - `submissionID` is set once (a stored one is never replaced), and only to a submission
    ///   this store holds: a tag from another daemon's submission links nothing.
    /// - Events whose id is already stored for the job are skipped. Metric points merge by step
    ///   (non-nil values win). Checkpoints are replaced by id. A model is upserted; its
    ///   `retirementWarned` flag is kept unless its `shutdownDate` changed.
    ///
    /// - Throws: `JobStoreError.invalidRecord` when a part names another job, or a JSON field is
    ///   not valid JSON, or a checkpoint id belongs to another job; `SQLiteError` otherwise.
    @discardableResult
    public func apply(_ update: PollUpdate) throws -> AppliedUpdate {
        try apply([update])[0]
    }

    /// Stores several poll results in one transaction (a whole poll tick): all or nothing.
    /// Returns one `AppliedUpdate` per update, in order.
    @discardableResult
    public func apply(_ updates: [PollUpdate]) throws -> [AppliedUpdate] {
        for update in updates { try Self.validate(update) }
        let time = now()
        return try writeTransaction { db in
            try updates.map { try Self.write($0, time: time, db: db) }
        }
    }

    static func validate(_ update: PollUpdate) throws {
        let job = update.job
        guard !job.id.isEmpty, !job.account.isEmpty else {
            throw JobStoreError.invalidRecord("a job needs an id and an account")
        }
        if let event = update.newEvents.first(where: { $0.jobID != job.id }) {
            throw JobStoreError.invalidRecord("event \(event.id) belongs to \(event.jobID), not \(job.id)")
        }
        if let point = update.metricPoints.first(where: { $0.jobID != job.id }) {
            throw JobStoreError.invalidRecord("metric point \(point.step) belongs to \(point.jobID), not \(job.id)")
        }
        if let checkpoint = update.checkpoints.first(where: { $0.jobID != job.id }) {
            throw JobStoreError.invalidRecord(
                "checkpoint \(checkpoint.id) belongs to \(checkpoint.jobID), not \(job.id)")
        }
        if let model = update.model, let owner = model.jobID, owner != job.id {
            throw JobStoreError.invalidRecord("model \(model.id) belongs to \(owner), not \(job.id)")
        }
    }

    static func write(_ update: PollUpdate, time: Int64, db: SQLiteConnection) throws -> AppliedUpdate {
        let job = update.job
        let previous = try db.first("SELECT status FROM jobs WHERE id = ?", [job.id]) {
            JobStatus(rawValue: $0.string(0))
        }
        do {
            try withJSONCheck("job \(job.id)") { try upsertJob(job, update: update, time: time, db: db) }
        } catch let error as SQLiteError where error.code == SQLITE_CONSTRAINT_FOREIGNKEY_CODE {
            throw JobStoreError.invalidRecord(
                "job \(job.id) names submission \(job.submissionID ?? "?"), which is not stored")
        }

        var inserted: [EventRecord] = []
        for event in update.newEvents {
            let changed = try withJSONCheck("event \(event.id)") {
                try db.execute(
                    """
                    INSERT INTO events (job_id, id, created_at, level, type, message, data_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, id) DO NOTHING
                    """,
                    [
                        event.jobID, event.id, event.createdAt, event.level, event.type, event.message,
                        event.dataJSON,
                    ])
            }
            if changed == 1 {
                var stored = event
                stored.sequence = db.lastInsertRowID
                inserted.append(stored)
            }
        }
        for point in update.metricPoints { try upsertMetricPoint(point, db: db) }
        for checkpoint in update.checkpoints { try upsertCheckpoint(checkpoint, db: db) }
        if let model = update.model {
            var owned = model
            owned.jobID = owned.jobID ?? job.id
            try upsertModel(owned, time: time, db: db)
        }
        return AppliedUpdate(
            jobID: job.id, previousStatus: previous, status: job.status, insertedEvents: inserted)
    }

    private static func upsertJob(_ job: JobRecord, update: PollUpdate, time: Int64, db: SQLiteConnection) throws {
        let lastEventID = update.newEvents.last?.id ?? job.lastEventID
        try db.execute(
            """
            INSERT INTO jobs (id, account, status, model, fine_tuned_model, created_at, finished_at,
                estimated_finish, trained_tokens, training_file, validation_file, suffix, error_code,
                error_message, error_param, raw_json, last_event_id, last_polled_at, tracked,
                submission_id, first_seen_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                (SELECT id FROM submissions WHERE id = ?), ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, model = excluded.model,
                fine_tuned_model = excluded.fine_tuned_model, created_at = excluded.created_at,
                finished_at = excluded.finished_at, estimated_finish = excluded.estimated_finish,
                trained_tokens = excluded.trained_tokens, training_file = excluded.training_file,
                validation_file = excluded.validation_file, suffix = excluded.suffix,
                error_code = excluded.error_code, error_message = excluded.error_message,
                error_param = excluded.error_param, raw_json = excluded.raw_json,
                last_event_id = COALESCE(excluded.last_event_id, jobs.last_event_id),
                last_polled_at = excluded.last_polled_at,
                submission_id = COALESCE(jobs.submission_id, excluded.submission_id),
                updated_at = excluded.updated_at
            """,
            [
                job.id, job.account, job.status.rawValue, job.model, job.fineTunedModel, job.createdAt,
                job.finishedAt, job.estimatedFinish, job.trainedTokens, job.trainingFile,
                job.validationFile, job.suffix, job.failure?.code, job.failure?.message,
                job.failure?.param, job.rawJSON, lastEventID, update.polledAt, job.isTracked,
                job.submissionID, time, time,
            ])
    }

    private static func upsertMetricPoint(_ point: MetricPoint, db: SQLiteConnection) throws {
        try db.execute(
            """
            INSERT INTO metric_points (\(MetricColumns.list)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (job_id, step) DO UPDATE SET
                train_loss = COALESCE(excluded.train_loss, train_loss),
                train_accuracy = COALESCE(excluded.train_accuracy, train_accuracy),
                valid_loss = COALESCE(excluded.valid_loss, valid_loss),
                valid_accuracy = COALESCE(excluded.valid_accuracy, valid_accuracy),
                full_valid_loss = COALESCE(excluded.full_valid_loss, full_valid_loss),
                full_valid_accuracy = COALESCE(excluded.full_valid_accuracy, full_valid_accuracy)
            """,
            [
                point.jobID, point.step, point.trainLoss, point.trainAccuracy, point.validLoss,
                point.validAccuracy, point.fullValidLoss, point.fullValidAccuracy,
            ])
    }

    private static func upsertCheckpoint(_ checkpoint: CheckpointRecord, db: SQLiteConnection) throws {
        let changed = try withJSONCheck("checkpoint \(checkpoint.id)") {
            try db.execute(
                """
                INSERT INTO checkpoints (\(CheckpointColumns.list)) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    created_at = excluded.created_at,
                    fine_tuned_model_checkpoint = excluded.fine_tuned_model_checkpoint,
                    step_number = excluded.step_number, metrics_json = excluded.metrics_json
                WHERE checkpoints.job_id = excluded.job_id
                """,
                [
                    checkpoint.id, checkpoint.jobID, checkpoint.createdAt,
                    checkpoint.fineTunedModelCheckpoint, checkpoint.stepNumber, checkpoint.metricsJSON,
                ])
        }
        if changed == 0 {
            throw JobStoreError.invalidRecord("checkpoint \(checkpoint.id) is already stored for another job")
        }
    }

    static func upsertModel(_ model: ModelRecord, time: Int64, db: SQLiteConnection) throws {
        try db.execute(
            """
            INSERT INTO models (id, job_id, account, base_model, created_at, owned_by, shutdown_date,
                deleted, retirement_warned, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                job_id = COALESCE(excluded.job_id, models.job_id),
                base_model = COALESCE(excluded.base_model, models.base_model),
                created_at = excluded.created_at, owned_by = excluded.owned_by,
                retirement_warned = CASE WHEN models.shutdown_date IS excluded.shutdown_date
                    THEN models.retirement_warned ELSE 0 END,
                shutdown_date = excluded.shutdown_date, deleted = excluded.deleted,
                updated_at = excluded.updated_at
            """,
            [
                model.id, model.jobID, model.account, model.baseModel, model.createdAt, model.ownedBy,
                model.shutdownDate, model.isDeleted, model.retirementWarned, time,
            ])
    }

    /// Turns a failed `json_valid` CHECK into an error naming the record.
    static func withJSONCheck<T>(_ record: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.code == SQLITE_CONSTRAINT_CHECK_CODE {
            throw JobStoreError.invalidRecord("\(record) has a JSON field that is not valid JSON")
        }
    }
}

/// `SQLITE_CONSTRAINT_CHECK` and `SQLITE_CONSTRAINT_FOREIGNKEY` (macros the importer does not see).
let SQLITE_CONSTRAINT_CHECK_CODE: Int32 = 19 | (1 << 8)
let SQLITE_CONSTRAINT_FOREIGNKEY_CODE: Int32 = 19 | (3 << 8)
