import Foundation
import JobStore
import Varlink

/// The store's metric point (inside `Wire`, `MetricPoint` is the wire type).
typealias StoredMetricPoint = MetricPoint

/// The control interfaces' types as Codable values; their keys are the `.varlink` field names.
/// Built from store records only: a query never goes to the API.
enum Wire {
    struct JobError: Codable, Sendable {
        var code: String?
        var message: String?
        var param: String?
    }

    struct Job: Codable, Sendable {
        var id: String
        var account: String
        var status: String
        var model: String
        var fine_tuned_model: String?
        var created_at: Int64
        var finished_at: Int64?
        var estimated_finish: Int64?
        var trained_tokens: Int64?
        var training_file: String?
        var validation_file: String?
        var suffix: String?
        var error: JobError?
        var tracked: Bool
        var watched: Bool
        var submission_id: String?
        var last_polled_at: Int64?

        init(_ record: JobRecord) {
            id = record.id
            account = record.account
            status = record.status.rawValue
            model = record.model
            fine_tuned_model = record.fineTunedModel
            created_at = record.createdAt
            finished_at = record.finishedAt
            estimated_finish = record.estimatedFinish
            trained_tokens = record.trainedTokens
            training_file = record.trainingFile
            validation_file = record.validationFile
            suffix = record.suffix
            error = record.failure.map { JobError(code: $0.code, message: $0.message, param: $0.param) }
            tracked = record.isTracked
            watched = record.isWatched
            submission_id = record.submissionID
            last_polled_at = record.lastPolledAt
        }
    }

    struct Event: Codable, Sendable {
        var id: String
        var created_at: Int64
        var level: String
        var type: String?
        var message: String
        var data: JSONValue?

        init(_ record: EventRecord) {
            id = record.id
            created_at = record.createdAt
            level = record.level
            type = record.type
            message = record.message
            data = record.dataJSON.flatMap(Wire.object)
        }
    }

    struct Checkpoint: Codable, Sendable {
        var id: String
        var created_at: Int64
        var fine_tuned_model_checkpoint: String
        var step_number: Int64
        var metrics: JSONValue?

        init(_ record: CheckpointRecord) {
            id = record.id
            created_at = record.createdAt
            fine_tuned_model_checkpoint = record.fineTunedModelCheckpoint
            step_number = record.stepNumber
            metrics = record.metricsJSON.flatMap(Wire.object)
        }
    }

    struct MetricPoint: Codable, Sendable {
        var step: Int64
        var train_loss: Double?
        var train_accuracy: Double?
        var valid_loss: Double?
        var valid_accuracy: Double?
        var full_valid_loss: Double?
        var full_valid_accuracy: Double?

        init(_ point: StoredMetricPoint) {
            step = point.step
            train_loss = point.trainLoss
            train_accuracy = point.trainAccuracy
            valid_loss = point.validLoss
            valid_accuracy = point.validAccuracy
            full_valid_loss = point.fullValidLoss
            full_valid_accuracy = point.fullValidAccuracy
        }
    }

    struct Model: Codable, Sendable {
        var id: String
        var job_id: String?
        var account: String
        var base_model: String?
        var created_at: Int64
        var owned_by: String?
        var shutdown_date: String?
        var deleted: Bool

        init(_ record: ModelRecord) {
            id = record.id
            job_id = record.jobID
            account = record.account
            base_model = record.baseModel
            created_at = record.createdAt
            owned_by = record.ownedBy
            shutdown_date = record.shutdownDate
            deleted = record.isDeleted
        }
    }

    /// `{"job": …}`: the reply of every method that answers one job.
    struct JobReply: Codable, Sendable { var job: Job }
    struct ModelReply: Codable, Sendable { var model: Model }

    /// A JSON object stored as text, as a Varlink `object`; nil when it is not an object.
    static func object(_ text: String) -> JSONValue? {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
            value.objectValue != nil else { return nil }
        return value
    }
}
