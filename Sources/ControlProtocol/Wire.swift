import Varlink

/// The messages of finetuned's control interfaces (`io.finetuned.Jobs`, `io.finetuned.Models`,
/// `io.finetuned.Service`), shared by the daemon, which encodes them, and its clients, which
/// decode them. Properties are named exactly as the fields of the `.varlink` descriptions
/// (snake_case), so the description is the documentation of every one of them.
public enum Wire {}

extension Wire {
    /// Why a job failed, as the API said.
    public struct JobError: Codable, Sendable, Equatable {
        public var code: String?
        public var message: String?
        public var param: String?

        public init(code: String?, message: String?, param: String?) {
            self.code = code
            self.message = message
            self.param = param
        }
    }

    public struct Job: Codable, Sendable, Equatable {
        public var id: String
        public var account: String
        public var status: String
        public var model: String
        public var fine_tuned_model: String?
        public var created_at: Int64
        public var finished_at: Int64?
        public var estimated_finish: Int64?
        public var trained_tokens: Int64?
        public var training_file: String?
        public var validation_file: String?
        public var suffix: String?
        public var error: JobError?
        public var tracked: Bool
        public var watched: Bool
        public var submission_id: String?
        public var last_polled_at: Int64?
        /// `supervised`, `dpo` or `reinforcement`, as the API resolved it.
        public var method: String?
        /// The hyperparameters as the API resolved them ("auto" replaced once the job runs).
        public var hyperparameters: JSONValue?
        /// Tokens billed: the API's `trained_tokens` once training has run.
        public var billed_tokens: Int64?
        /// `billed_tokens` at the daemon's training price for the model, in USD.
        public var estimated_cost: Double?
        /// The local training file the submission was made from (jobs this daemon submitted;
        /// `Jobs.Get` only).
        public var submitted_file: String?
        /// The job this one re-submitted on another account (`Jobs.Migrate`).
        public var migrated_from: String?
        /// The jobs that re-submitted this one on other accounts.
        public var migrated_to: [String]?

        public init(
            id: String, account: String, status: String, model: String, created_at: Int64,
            tracked: Bool, watched: Bool
        ) {
            self.id = id
            self.account = account
            self.status = status
            self.model = model
            self.created_at = created_at
            self.tracked = tracked
            self.watched = watched
        }

        /// Succeeded, failed or cancelled: the job will not change again.
        public var isTerminal: Bool { Self.terminalStatuses.contains(status) }
        /// Failed or cancelled: what a script should treat as failure.
        public var endedBadly: Bool { status == "failed" || status == "cancelled" }
        public static let terminalStatuses: Set<String> = ["succeeded", "failed", "cancelled"]
        /// Every status the API gives a job, in the order a job goes through them.
        public static let statuses = [
            "validating_files", "queued", "running", "paused", "succeeded", "failed", "cancelled",
        ]
    }

    public struct Event: Codable, Sendable, Equatable {
        public var id: String
        public var created_at: Int64
        public var level: String
        public var type: String?
        public var message: String
        public var data: JSONValue?

        public init(id: String, created_at: Int64, level: String, type: String?, message: String, data: JSONValue?) {
            self.id = id
            self.created_at = created_at
            self.level = level
            self.type = type
            self.message = message
            self.data = data
        }
    }

    public struct Checkpoint: Codable, Sendable, Equatable {
        public var id: String
        public var created_at: Int64
        public var fine_tuned_model_checkpoint: String
        public var step_number: Int64
        public var metrics: JSONValue?

        public init(
            id: String, created_at: Int64, fine_tuned_model_checkpoint: String, step_number: Int64,
            metrics: JSONValue?
        ) {
            self.id = id
            self.created_at = created_at
            self.fine_tuned_model_checkpoint = fine_tuned_model_checkpoint
            self.step_number = step_number
            self.metrics = metrics
        }
    }

    public struct MetricPoint: Codable, Sendable, Equatable {
        public var step: Int64
        public var train_loss: Double?
        public var train_accuracy: Double?
        public var valid_loss: Double?
        public var valid_accuracy: Double?
        public var full_valid_loss: Double?
        public var full_valid_accuracy: Double?

        public init(
            step: Int64, train_loss: Double? = nil, train_accuracy: Double? = nil, valid_loss: Double? = nil,
            valid_accuracy: Double? = nil, full_valid_loss: Double? = nil, full_valid_accuracy: Double? = nil
        ) {
            self.step = step
            self.train_loss = train_loss
            self.train_accuracy = train_accuracy
            self.valid_loss = valid_loss
            self.valid_accuracy = valid_accuracy
            self.full_valid_loss = full_valid_loss
            self.full_valid_accuracy = full_valid_accuracy
        }
    }

    public struct Model: Codable, Sendable, Equatable {
        public var id: String
        public var job_id: String?
        public var account: String
        public var base_model: String?
        public var created_at: Int64
        public var owned_by: String?
        /// The day the model stops answering (`YYYY-MM-DD`): the API's date, else the announced
        /// table's or `ModelShutdown=`; a fine-tune inherits its base's.
        public var shutdown_date: String?
        public var deleted: Bool
        /// Days from today to `shutdown_date` (negative once past).
        public var days_left: Int?
        /// `api`, `announced` or `config`.
        public var shutdown_source: String?
        /// Azure: the last day the model can be fine-tuned (`deprecation.fine_tune`).
        public var fine_tune_ends: String?
        public var fine_tune_days_left: Int?
        public var fine_tune_source: String?

        public init(
            id: String, job_id: String?, account: String, base_model: String?, created_at: Int64,
            owned_by: String?, shutdown_date: String?, deleted: Bool
        ) {
            self.id = id
            self.job_id = job_id
            self.account = account
            self.base_model = base_model
            self.created_at = created_at
            self.owned_by = owned_by
            self.shutdown_date = shutdown_date
            self.deleted = deleted
        }
    }
}
