extension ControlRequest.Jobs {
    /// `Jobs.Migrate`: re-submit a succeeded job on another account.
    public struct Migrate: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.migrate
        /// The job to migrate.
        public var id: String
        /// The target account.
        public var to: String
        /// A base to train on instead of the mapped one.
        public var model: String?
        /// Azure's `trainingType`.
        public var training_type: String?
        /// The user's copy of the data, when the daemon keeps none.
        public var training_file: String?
        public var validation_file: String?

        public init(
            id: String, to: String, model: String? = nil, training_type: String? = nil,
            training_file: String? = nil, validation_file: String? = nil
        ) {
            self.id = id
            self.to = to
            self.model = model
            self.training_type = training_type
            self.training_file = training_file
            self.validation_file = validation_file
        }

        /// The same migration, asked as a plan.
        public init(_ plan: PlanMigration) {
            self.init(
                id: plan.id, to: plan.to, model: plan.model, training_type: plan.training_type,
                training_file: plan.training_file, validation_file: plan.validation_file)
        }
    }

    /// `Jobs.PlanMigration`: what `Migrate` would submit, without submitting.
    public struct PlanMigration: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.planMigration
        public var id: String
        public var to: String
        public var model: String?
        public var training_type: String?
        public var training_file: String?
        public var validation_file: String?

        public init(
            id: String, to: String, model: String? = nil, training_type: String? = nil,
            training_file: String? = nil, validation_file: String? = nil
        ) {
            self.id = id
            self.to = to
            self.model = model
            self.training_type = training_type
            self.training_file = training_file
            self.validation_file = validation_file
        }
    }

    /// `Jobs.Submissions`: the latest submissions (1…1000, default 100).
    public struct Submissions: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.submissions
        public var limit: Int?
        public init(limit: Int? = nil) { self.limit = limit }
    }

    public struct GetSubmission: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.getSubmission
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct CancelSubmission: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.cancelSubmission
        public var id: String
        public init(id: String) { self.id = id }
    }

    /// `Jobs.Track`: start keeping a job made elsewhere (found on `account`, or on any).
    public struct Track: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.track
        public var id: String
        public var account: String?
        public init(id: String, account: String? = nil) {
            self.id = id
            self.account = account
        }
    }

    public struct Untrack: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.untrack
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct Get: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.get
        public var id: String
        public init(id: String) { self.id = id }
    }

    /// `Jobs.List`: jobs newest first; `cursor` is the previous page's `next_cursor`.
    public struct List: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.list
        public var status: [String]?
        public var account: String?
        public var since: Int64?
        public var limit: Int?
        public var cursor: String?

        public init(
            status: [String]? = nil, account: String? = nil, since: Int64? = nil, limit: Int? = nil,
            cursor: String? = nil
        ) {
            self.status = status
            self.account = account
            self.since = since
            self.limit = limit
            self.cursor = cursor
        }
    }

    /// `Jobs.Watch`: the given jobs, or every unfinished one when `ids` is nil or empty.
    public struct Watch: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.watch
        public var ids: [String]?
        public init(ids: [String]? = nil) { self.ids = ids }
    }

    /// `Jobs.Events`: the stored events after `after` (at most `limit`, 1…10,000).
    public struct Events: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.events
        public var id: String
        public var after: String?
        public var limit: Int?

        public init(id: String, after: String? = nil, limit: Int? = nil) {
            self.id = id
            self.after = after
            self.limit = limit
        }
    }

    public struct Checkpoints: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.checkpoints
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct Metrics: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.metrics
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct Cancel: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.cancel
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct Pause: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.pause
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct Resume: IDRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.resume
        public var id: String
        public init(id: String) { self.id = id }
    }
}
