import Varlink

/// The replies of the control methods, one type per reply shape.
extension Wire {
    /// `Jobs.Get`, `Track`, `Untrack`, `Cancel`, `Pause`, `Resume`.
    public struct JobReply: Codable, Sendable, Equatable {
        public var job: Job
        public init(job: Job) { self.job = job }
    }

    /// `Jobs.Watch`: one job per reply; none when there was nothing to watch.
    public struct WatchReply: Codable, Sendable, Equatable {
        public var job: Job?
        public init(job: Job?) { self.job = job }
    }

    /// `Jobs.List`.
    public struct JobList: Codable, Sendable, Equatable {
        public var jobs: [Job]
        public var next_cursor: String?
        public init(jobs: [Job], next_cursor: String?) {
            self.jobs = jobs
            self.next_cursor = next_cursor
        }
    }

    /// `Jobs.Events`: the events of one reply (oldest first) and the job's status then.
    public struct EventsReply: Codable, Sendable, Equatable {
        public var events: [Event]
        public var status: String
        public init(events: [Event], status: String) {
            self.events = events
            self.status = status
        }
    }

    /// `Jobs.Checkpoints`.
    public struct CheckpointList: Codable, Sendable, Equatable {
        public var checkpoints: [Checkpoint]
        public init(checkpoints: [Checkpoint]) { self.checkpoints = checkpoints }
    }

    /// `Jobs.Metrics`.
    public struct MetricList: Codable, Sendable, Equatable {
        public var points: [MetricPoint]
        public init(points: [MetricPoint]) { self.points = points }
    }

    /// `Jobs.Submit`: progress while `state` is validating, validated, uploading or creating;
    /// the last reply has state `created` and the job.
    public struct SubmitProgress: Codable, Sendable, Equatable {
        public var submission_id: String
        public var state: String
        public var uploaded_bytes: Int64?
        public var total_bytes: Int64?
        public var billed_tokens: Int?
        public var estimated_cost: Double?
        public var job: Job?
        /// State `waiting`: tries that ended in a transient failure, the last failure, and when
        /// finetuned tries again (Unix seconds).
        public var attempts: Int?
        public var last_error: String?
        public var next_attempt_at: Double?

        public init(submission_id: String, state: String) {
            self.submission_id = submission_id
            self.state = state
        }
    }

    /// `Models.List`.
    public struct ModelList: Codable, Sendable, Equatable {
        public var models: [Model]
        public init(models: [Model]) { self.models = models }
    }

    /// `Models.Get`, `Models.Delete`.
    public struct ModelReply: Codable, Sendable, Equatable {
        public var model: Model
        public init(model: Model) { self.model = model }
    }

    /// `Models.Chat`.
    public struct ChatReply: Codable, Sendable, Equatable {
        public struct Usage: Codable, Sendable, Equatable {
            public var prompt_tokens: Int
            public var completion_tokens: Int
            public var total_tokens: Int
            public init(prompt_tokens: Int, completion_tokens: Int, total_tokens: Int) {
                self.prompt_tokens = prompt_tokens
                self.completion_tokens = completion_tokens
                self.total_tokens = total_tokens
            }
        }
        public var model: String
        public var reply: String
        public var finish_reason: String?
        public var usage: Usage?
        public init(model: String, reply: String, finish_reason: String?, usage: Usage?) {
            self.model = model
            self.reply = reply
            self.finish_reason = finish_reason
            self.usage = usage
        }
    }

    /// `Service.Status`.
    public struct ServiceStatus: Codable, Sendable, Equatable {
        public struct Account: Codable, Sendable, Equatable {
            public var name: String
            public var base_url: String
            public var health: String
            public var message: String?
            public var since: Int64?
            public var last_poll: Int64?
            public var last_poll_requests: Int
            public var backoff_seconds: Double
            public var rate_limit_limit_requests: Int?
            public var rate_limit_remaining_requests: Int?
            /// With `AdoptAllJobs=`: how far the walk through the account's job history got.
            public var adoption: Adoption? = nil
            public init(
                name: String, base_url: String, health: String, message: String?, since: Int64?,
                last_poll: Int64?, last_poll_requests: Int, backoff_seconds: Double,
                rate_limit_limit_requests: Int?, rate_limit_remaining_requests: Int?
            ) {
                self.name = name
                self.base_url = base_url
                self.health = health
                self.message = message
                self.since = since
                self.last_poll = last_poll
                self.last_poll_requests = last_poll_requests
                self.backoff_seconds = backoff_seconds
                self.rate_limit_limit_requests = rate_limit_limit_requests
                self.rate_limit_remaining_requests = rate_limit_remaining_requests
            }
        }
        /// The adoption walk of one account (`AdoptAllJobs=`).
        public struct Adoption: Codable, Sendable, Equatable {
            /// Jobs the walk stored so far that the daemon did not know before.
            public var found: Int
            /// The walk reached the oldest job.
            public var complete: Bool
            /// Adopted jobs whose events and results are still to be fetched (in the background).
            public var history_pending: Int
            public init(found: Int, complete: Bool, history_pending: Int) {
                self.found = found
                self.complete = complete
                self.history_pending = history_pending
            }
        }
        public struct StatusCount: Codable, Sendable, Equatable {
            public var status: String
            public var count: Int
            public init(status: String, count: Int) {
                self.status = status
                self.count = count
            }
        }
        public var version: String
        public var uptime_seconds: Double
        public var status_line: String
        public var accounts: [Account]
        public var jobs: [StatusCount]
        public var total_jobs: Int
        public var last_poll: Int64?
        public var next_poll_seconds: Double
        public var poll_running: Bool
        public var database_path: String
        /// The database with its write-ahead log and shared-memory index (`-wal`, `-shm`).
        public var database_bytes: Int64
        public var schema_version: Int
        public var watchers: Int
        /// The interval the schedule chose for the next cycle, start to start.
        public var poll_interval_seconds: Double? = nil
        /// The time between the last two cycle starts, as measured.
        public var measured_poll_interval_seconds: Double? = nil
        /// Of `database_bytes`, the `-wal` and `-shm` files.
        public var database_wal_bytes: Int64? = nil
        /// Why the last reload was refused (file:line: problem), until a reload succeeds.
        public var reload_refused: String? = nil
        public var reload_refused_at: Int64? = nil
        public init(
            version: String, uptime_seconds: Double, status_line: String, accounts: [Account],
            jobs: [StatusCount], total_jobs: Int, last_poll: Int64?, next_poll_seconds: Double,
            poll_running: Bool, database_path: String, database_bytes: Int64, schema_version: Int,
            watchers: Int
        ) {
            self.version = version
            self.uptime_seconds = uptime_seconds
            self.status_line = status_line
            self.accounts = accounts
            self.jobs = jobs
            self.total_jobs = total_jobs
            self.last_poll = last_poll
            self.next_poll_seconds = next_poll_seconds
            self.poll_running = poll_running
            self.database_path = database_path
            self.database_bytes = database_bytes
            self.schema_version = schema_version
            self.watchers = watchers
        }
    }
}

extension Wire {
    /// `Jobs.PlanMigration`'s reply: what `Migrate` would submit, or why it cannot.
    public struct MigrationPlan: Codable, Sendable, Equatable {
        public var id: String
        public var account: String
        public var model: String
        public var to: String
        public var target_model: String?
        public var training_file: String?
        public var validation_file: String?
        public var estimated_cost: Double?
        public var problem: String?

        public init(id: String, account: String, model: String, to: String) {
            self.id = id
            self.account = account
            self.model = model
            self.to = to
        }
    }
}
