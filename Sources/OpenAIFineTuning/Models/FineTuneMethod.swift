/// How a job trains: supervised (the default), DPO, or reinforcement with a grader.
public struct FineTuneMethod: Codable, Sendable, Hashable {
    public struct MethodType: OpenString {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let supervised: MethodType = "supervised"
        public static let dpo: MethodType = "dpo"
        public static let reinforcement: MethodType = "reinforcement"
    }

    /// The settings of one method: its hyperparameters and, for reinforcement, the grader.
    public struct Settings: Codable, Sendable, Hashable {
        public var hyperparameters: Hyperparameters?
        /// The grader definition, carried as given (string_check, python, score_model, …).
        public var grader: JSONValue?
        public var responseFormat: JSONValue?

        public init(hyperparameters: Hyperparameters? = nil, grader: JSONValue? = nil) {
            self.hyperparameters = hyperparameters
            self.grader = grader
        }

        enum CodingKeys: String, CodingKey {
            case hyperparameters, grader
            case responseFormat = "response_format"
        }
    }

    public var type: MethodType
    public var supervised: Settings?
    public var dpo: Settings?
    public var reinforcement: Settings?

    public init(
        type: MethodType, supervised: Settings? = nil, dpo: Settings? = nil,
        reinforcement: Settings? = nil
    ) {
        self.type = type
        self.supervised = supervised
        self.dpo = dpo
        self.reinforcement = reinforcement
    }

    /// A supervised method with the given hyperparameters.
    public static func supervised(_ hyperparameters: Hyperparameters = .init()) -> FineTuneMethod {
        FineTuneMethod(type: .supervised, supervised: Settings(hyperparameters: hyperparameters))
    }

    /// The hyperparameters of whichever method this is.
    public var hyperparameters: Hyperparameters? {
        switch type {
        case .dpo: dpo?.hyperparameters
        case .reinforcement: reinforcement?.hyperparameters
        default: supervised?.hyperparameters
        }
    }
}
