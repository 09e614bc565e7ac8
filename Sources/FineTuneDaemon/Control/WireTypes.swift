import ControlProtocol
import FoundationEssentials
import JobStore
import TrainingData
import Varlink

/// The control messages built from store records: a query never goes to the API.
extension Wire.Job {
    /// The job as stored; its cost is `trained_tokens` at `prices`. `watched` is false: the store
    /// does not know who watches (`Watchers` does; the Jobs interface sets it).
    init(_ record: JobRecord, prices: PriceTable = .shippedDefaults) {
        self.init(
            id: record.id, account: record.account, status: record.status.rawValue, model: record.model,
            created_at: record.createdAt, tracked: record.isTracked, watched: false)
        fine_tuned_model = record.fineTunedModel
        finished_at = record.finishedAt
        estimated_finish = record.estimatedFinish
        trained_tokens = record.trainedTokens
        training_file = record.trainingFile
        validation_file = record.validationFile
        suffix = record.suffix
        error = record.failure.map { Wire.JobError(code: $0.code, message: $0.message, param: $0.param) }
        submission_id = record.submissionID
        last_polled_at = record.lastPolledAt
        if let raw = record.rawJSON.flatMap(jsonObject) {
            let method = raw["method"]
            self.method = method?["type"]?.stringValue
            hyperparameters = self.method.flatMap { method?[$0]?["hyperparameters"] } ?? raw["hyperparameters"]
            if hyperparameters?.objectValue == nil { hyperparameters = nil }
        }
        if let tokens = record.trainedTokens {
            billed_tokens = tokens
            estimated_cost = prices.price(for: record.model).map { Double(tokens) * $0 / 1_000_000 }
        }
    }
}

extension Wire.Event {
    init(_ record: EventRecord) {
        self.init(
            id: record.id, created_at: record.createdAt, level: record.level, type: record.type,
            message: record.message, data: record.dataJSON.flatMap(jsonObject))
    }
}

extension Wire.Checkpoint {
    init(_ record: CheckpointRecord) {
        self.init(
            id: record.id, created_at: record.createdAt,
            fine_tuned_model_checkpoint: record.fineTunedModelCheckpoint, step_number: record.stepNumber,
            metrics: record.metricsJSON.flatMap(jsonObject))
    }
}

extension Wire.MetricPoint {
    init(_ point: MetricPoint) {
        self.init(
            step: point.step, train_loss: point.trainLoss, train_accuracy: point.trainAccuracy,
            valid_loss: point.validLoss, valid_accuracy: point.validAccuracy,
            full_valid_loss: point.fullValidLoss, full_valid_accuracy: point.fullValidAccuracy)
    }
}

extension Wire.Model {
    init(_ record: ModelRecord) {
        self.init(
            id: record.id, job_id: record.jobID, account: record.account, base_model: record.baseModel,
            created_at: record.createdAt, owned_by: record.ownedBy, shutdown_date: record.shutdownDate,
            deleted: record.isDeleted)
    }

    /// The model with its resolved retirement dates, days counted from `today`.
    init(_ record: ModelRecord, dates: RetirementDates, today: CalendarDay) {
        self.init(record)
        shutdown_date = dates.shutdown?.day.description
        days_left = dates.shutdown.map { today.days(until: $0.day) }
        shutdown_source = dates.shutdown?.source.rawValue
        fine_tune_ends = dates.fineTune?.day.description
        fine_tune_days_left = dates.fineTune.map { today.days(until: $0.day) }
        fine_tune_source = dates.fineTune?.source.rawValue
    }
}

/// A JSON object stored as text, as a Varlink `object`; nil when it is not an object.
func jsonObject(_ text: String) -> JSONValue? {
    guard let value = try? JSONParser.parse(text), value.objectValue != nil else { return nil }
    return value
}
