/// Column lists and row decoders shared by the queries; one place per table so the SELECT list
/// and the decoder cannot drift apart.
enum JobColumns {
    static let list = """
        id, account, status, model, fine_tuned_model, created_at, finished_at, estimated_finish,
        trained_tokens, training_file, validation_file, suffix, error_code, error_message,
        error_param, raw_json, last_event_id, last_polled_at, tracked, submission_id,
        first_seen_at, updated_at
        """

    /// How many columns `list` names (`decode` reads columns `0..<count`).
    static let count: Int32 = 22

    /// `list` with each column named as `jobs.COLUMN`, for queries that join another table.
    static let qualifiedList = list.split(separator: ",")
        .map { "jobs." + $0.filter { !$0.isWhitespace } }
        .joined(separator: ", ")

    static func decode(_ row: SQLiteRow) -> JobRecord {
        let code = row.optionalString(12)
        let message = row.optionalString(13)
        let param = row.optionalString(14)
        let failure =
            (code == nil && message == nil && param == nil)
            ? nil : JobFailure(code: code, message: message, param: param)
        return JobRecord(
            id: row.string(0), account: row.string(1), status: JobStatus(rawValue: row.string(2)),
            model: row.string(3), fineTunedModel: row.optionalString(4), createdAt: row.int64(5),
            finishedAt: row.optionalInt64(6), estimatedFinish: row.optionalInt64(7),
            trainedTokens: row.optionalInt64(8), trainingFile: row.optionalString(9),
            validationFile: row.optionalString(10), suffix: row.optionalString(11),
            failure: failure, rawJSON: row.optionalString(15), lastEventID: row.optionalString(16),
            lastPolledAt: row.optionalInt64(17), isTracked: row.bool(18),
            submissionID: row.optionalString(19), firstSeenAt: row.int64(20),
            updatedAt: row.int64(21))
    }
}

enum EventColumns {
    static let list = "seq, job_id, id, created_at, level, type, message, data_json"

    static func decode(_ row: SQLiteRow) -> EventRecord {
        EventRecord(
            id: row.string(2), jobID: row.string(1), createdAt: row.int64(3), level: row.string(4),
            type: row.optionalString(5), message: row.string(6), dataJSON: row.optionalString(7),
            sequence: row.int64(0))
    }
}

enum CheckpointColumns {
    static let list = "id, job_id, created_at, fine_tuned_model_checkpoint, step_number, metrics_json"

    static func decode(_ row: SQLiteRow) -> CheckpointRecord {
        CheckpointRecord(
            id: row.string(0), jobID: row.string(1), createdAt: row.int64(2),
            fineTunedModelCheckpoint: row.string(3), stepNumber: row.int64(4),
            metricsJSON: row.optionalString(5))
    }
}

enum MetricColumns {
    static let list = """
        job_id, step, train_loss, train_accuracy, valid_loss, valid_accuracy, full_valid_loss,
        full_valid_accuracy
        """

    static func decode(_ row: SQLiteRow) -> MetricPoint {
        MetricPoint(
            jobID: row.string(0), step: row.int64(1), trainLoss: row.optionalDouble(2),
            trainAccuracy: row.optionalDouble(3), validLoss: row.optionalDouble(4),
            validAccuracy: row.optionalDouble(5), fullValidLoss: row.optionalDouble(6),
            fullValidAccuracy: row.optionalDouble(7))
    }
}

enum ModelColumns {
    static let list = """
        id, job_id, account, base_model, created_at, owned_by, shutdown_date, deleted,
        retirement_warned
        """

    static func decode(_ row: SQLiteRow) -> ModelRecord {
        ModelRecord(
            id: row.string(0), jobID: row.optionalString(1), account: row.string(2),
            baseModel: row.optionalString(3), createdAt: row.int64(4), ownedBy: row.optionalString(5),
            shutdownDate: row.optionalString(6), isDeleted: row.bool(7),
            retirementWarned: row.bool(8))
    }
}

enum SubmissionColumns {
    static let list = """
        id, account, state, training_file_path, validation_file_path, training_file_id,
        validation_file_id, upload_id, job_id, request_json, error, requested_by_uid, created_at,
        updated_at, create_sent_at, duplicate_job_ids, attempts, last_error, next_attempt_at,
        cancelled_at
        """

    static func decode(_ row: SQLiteRow) throws -> SubmissionRecord {
        guard let state = SubmissionState(rawValue: row.string(2)) else {
            throw JobStoreError.invalidRecord("submission \(row.string(0)) has unknown state \(row.string(2))")
        }
        var record = SubmissionRecord(
            id: row.string(0), account: row.string(1), state: state,
            trainingFilePath: row.string(3), validationFilePath: row.optionalString(4),
            trainingFileID: row.optionalString(5), validationFileID: row.optionalString(6),
            uploadID: row.optionalString(7), jobID: row.optionalString(8),
            requestJSON: row.string(9), error: row.optionalString(10),
            requestedByUID: row.optionalInt64(11), createdAt: row.int64(12),
            updatedAt: row.int64(13))
        record.createSentAt = row.optionalDouble(14)
        record.duplicateJobIDs = row.optionalString(15).map { $0.split(separator: ",").map(String.init) } ?? []
        record.attempts = Int(row.int64(16))
        record.lastError = row.optionalString(17)
        record.nextAttemptAt = row.optionalDouble(18)
        record.cancelledAt = row.optionalDouble(19)
        return record
    }
}
