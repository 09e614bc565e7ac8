import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// Translations from the API's types (OpenAIFineTuning) to the store's records (JobStore). The two
/// modules do not know each other; this file is the only place they meet.
enum RecordMapping {
    static func job(_ job: FineTuningJob, account: String) -> JobRecord {
        JobRecord(
            id: job.id, account: account, status: .init(rawValue: job.status.rawValue), model: job.model,
            fineTunedModel: job.fineTunedModel, createdAt: Int64(job.createdAt),
            finishedAt: job.finishedAt.map(Int64.init), estimatedFinish: job.estimatedFinish.map(Int64.init),
            trainedTokens: job.trainedTokens.map(Int64.init), trainingFile: job.trainingFile,
            validationFile: job.validationFile, suffix: job.userProvidedSuffix,
            failure: job.error.map { JobFailure(code: $0.code, message: $0.message, param: $0.param) },
            rawJSON: json(job), submissionID: job.metadata?[SubmissionTag.metadataKey])
    }

    static func event(_ event: FineTuningJobEvent, jobID: String) -> EventRecord {
        EventRecord(
            id: event.id, jobID: jobID, createdAt: Int64(event.createdAt), level: event.level.rawValue,
            type: event.type?.rawValue, message: event.message, dataJSON: event.data.flatMap(json))
    }

    static func metricPoint(_ metrics: TrainingMetrics, jobID: String) -> MetricPoint {
        MetricPoint(
            jobID: jobID, step: Int64(metrics.step), trainLoss: metrics.trainLoss,
            trainAccuracy: metrics.trainMeanTokenAccuracy, validLoss: metrics.validLoss,
            validAccuracy: metrics.validMeanTokenAccuracy, fullValidLoss: metrics.fullValidLoss,
            fullValidAccuracy: metrics.fullValidMeanTokenAccuracy)
    }

    static func checkpoint(_ checkpoint: FineTuningCheckpoint) -> CheckpointRecord {
        CheckpointRecord(
            id: checkpoint.id, jobID: checkpoint.fineTuningJobID, createdAt: Int64(checkpoint.createdAt),
            fineTunedModelCheckpoint: checkpoint.fineTunedModelCheckpoint,
            stepNumber: Int64(checkpoint.stepNumber), metricsJSON: json(checkpoint.metrics))
    }

    static func model(_ model: Model, jobID: String?, account: String, baseModel: String?) -> ModelRecord {
        ModelRecord(
            id: model.id, jobID: jobID, account: account, baseModel: baseModel,
            createdAt: Int64(model.created), ownedBy: model.ownedBy, shutdownDate: model.shutdownDate)
    }

    /// The metric points of a results CSV (`step,train_loss,train_accuracy,valid_loss,…`); columns
    /// are found by name, unknown ones ignored, empty cells nil. Malformed rows are skipped.
    static func metricPoints(resultsCSV text: String, jobID: String) -> [MetricPoint] {
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next() else { return [] }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingWhitespace()
        }
        func index(_ names: String...) -> Int? { names.lazy.compactMap { columns.firstIndex(of: $0) }.first }
        guard let stepColumn = index("step") else { return [] }
        let train = index("train_loss"), trainAccuracy = index("train_accuracy", "train_mean_token_accuracy")
        let valid = index("valid_loss"), validAccuracy = index("valid_mean_token_accuracy", "valid_accuracy")
        let fullValid = index("full_valid_loss"), fullValidAccuracy = index("full_valid_mean_token_accuracy")
        var points: [MetricPoint] = []
        while let line = lines.next() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            func value(_ column: Int?) -> Double? {
                guard let column, column < cells.count else { return nil }
                return Double(cells[column].trimmingWhitespace())
            }
            guard let step = value(stepColumn) else { continue }
            points.append(
                MetricPoint(
                    jobID: jobID, step: Int64(step), trainLoss: value(train), trainAccuracy: value(trainAccuracy),
                    validLoss: value(valid), validAccuracy: value(validAccuracy), fullValidLoss: value(fullValid),
                    fullValidAccuracy: value(fullValidAccuracy)))
        }
        return points
    }

    static func json<T: Encodable>(_ value: T) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension JobChange {
    /// No change: the stored job as it is.
    init(unchanged stored: JobPollState) {
        self.init(unchanged: JobStatus(rawValue: stored.status.rawValue))
    }

    /// The change from the stored state to the observed job, from the stored columns (no JSON
    /// decoding: this runs for every tracked job in every cycle).
    init(stored: JobPollState?, observed: FineTuningJob) {
        self.init(stored: FineTuningJob?.none, observed: observed)
        guard let stored else { return }
        previousStatus = JobStatus(rawValue: stored.status.rawValue)
        detailsChanged =
            stored.trainedTokens != observed.trainedTokens.map(Int64.init)
            || stored.estimatedFinish != observed.estimatedFinish.map(Int64.init)
            || stored.fineTunedModel != observed.fineTunedModel
            || stored.finishedAt != observed.finishedAt.map(Int64.init)
            || stored.failureCode != observed.error?.code || stored.failureMessage != observed.error?.message
    }

    /// The change from a whole stored record (see `init(stored:observed:)` for the state).
    init(stored: JobRecord?, observed: FineTuningJob) {
        self.init(stored: stored?.pollState, observed: observed)
    }
}
