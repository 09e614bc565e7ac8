/// `Jobs.Submit`'s parameters, the one definition of them: `finetunectl submit` encodes this
/// type, the daemon decodes it and stores it with the submission (`requestJSON`), so a resumed
/// submission creates exactly the job that was asked for. The `.varlink` description is the
/// source of truth; `ControlProtocolConformanceTests` checks this type against it.
extension ControlRequest.Jobs {
    public struct Submit: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Jobs.submit

        public struct Hyperparameters: Codable, Sendable, Equatable {
            public var n_epochs: Int?
            public var batch_size: Int?
            public var learning_rate_multiplier: Double?
            public var beta: Double?

            public init(
                n_epochs: Int? = nil, batch_size: Int? = nil, learning_rate_multiplier: Double? = nil,
                beta: Double? = nil
            ) {
                self.n_epochs = n_epochs
                self.batch_size = batch_size
                self.learning_rate_multiplier = learning_rate_multiplier
                self.beta = beta
            }

            /// Whether any is set (none: the API chooses them all).
            public var isEmpty: Bool {
                n_epochs == nil && batch_size == nil && learning_rate_multiplier == nil && beta == nil
            }
        }

        /// A path the daemon reads itself, or, with `training_file_descriptor`, only the client's
        /// name for the file (shown to users, never opened).
        public var training_file: String?
        public var validation_file: String?
        /// Index of the training file's descriptor among those sent with the call (SCM_RIGHTS).
        /// Stored with the request, so a resumed submission knows its data came by descriptor
        /// (and cannot be read again if the daemon stopped before keeping its copy).
        public var training_file_descriptor: Int?
        public var validation_file_descriptor: Int?
        public var model: String
        /// The account (a configured `[Account]` section); default: the first.
        public var account: String?
        /// `supervised`, `dpo` or `reinforcement`.
        public var method: String?
        public var hyperparameters: Hyperparameters?
        /// Reinforcement fine-tuning: the grader, as the API takes it.
        public var grader: JSONValue?
        public var suffix: String?
        public var seed: Int?
        public var metadata: [String: String]?
        public var integrations: [JSONValue]?
        /// Refuse to upload when the estimated cost in USD is above this.
        public var max_cost: Double?
        /// Azure only: the training tier, `globalstandard`, `standard` or `developer`; sent as
        /// the create request's `trainingType`, and kept with the submission.
        public var training_type: String?

        /// The methods `method` may name.
        public static let methods = ["supervised", "dpo", "reinforcement"]
        /// The tiers `training_type` may name (Azure's `trainingType`, spelled as its REST guide does).
        public static let trainingTypes = ["globalstandard", "standard", "developer"]

        public init(
            training_file: String? = nil, validation_file: String? = nil, training_file_descriptor: Int? = nil,
            validation_file_descriptor: Int? = nil, model: String, account: String? = nil, method: String? = nil,
            hyperparameters: Hyperparameters? = nil, grader: JSONValue? = nil, suffix: String? = nil,
            seed: Int? = nil, metadata: [String: String]? = nil, integrations: [JSONValue]? = nil,
            max_cost: Double? = nil, training_type: String? = nil
        ) {
            self.training_file = training_file
            self.validation_file = validation_file
            self.training_file_descriptor = training_file_descriptor
            self.validation_file_descriptor = validation_file_descriptor
            self.model = model
            self.account = account
            self.method = method
            self.hyperparameters = hyperparameters
            self.grader = grader
            self.suffix = suffix
            self.seed = seed
            self.metadata = metadata
            self.integrations = integrations
            self.max_cost = max_cost
            self.training_type = training_type
        }
    }
}
