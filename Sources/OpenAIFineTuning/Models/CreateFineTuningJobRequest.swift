/// The body of `POST /fine_tuning/jobs`. Only `model` and `trainingFile` are required; nil fields
/// are left out of the request so the API applies its own defaults.
public struct CreateFineTuningJobRequest: Codable, Sendable, Hashable {
    public var model: String
    public var trainingFile: String
    public var validationFile: String?
    /// At most 64 characters; becomes part of the fine-tuned model's name.
    public var suffix: String?
    public var seed: Int?
    public var method: FineTuneMethod?
    /// Deprecated by the API in favour of `method`; still accepted.
    public var hyperparameters: Hyperparameters?
    public var integrations: [Integration]?
    /// At most 16 pairs; keys up to 64 characters, values up to 512.
    public var metadata: [String: String]?
    /// Azure only: the training tier, sent as the top-level `trainingType` (`globalstandard`,
    /// `standard`, `developer`). Nil leaves it out (OpenAI knows no such field).
    public var trainingType: String?

    public init(
        model: String, trainingFile: String, validationFile: String? = nil, suffix: String? = nil,
        seed: Int? = nil, method: FineTuneMethod? = nil, hyperparameters: Hyperparameters? = nil,
        integrations: [Integration]? = nil, metadata: [String: String]? = nil, trainingType: String? = nil
    ) {
        self.model = model
        self.trainingFile = trainingFile
        self.validationFile = validationFile
        self.suffix = suffix
        self.seed = seed
        self.method = method
        self.hyperparameters = hyperparameters
        self.integrations = integrations
        self.metadata = metadata
        self.trainingType = trainingType
    }

    enum CodingKeys: String, CodingKey {
        case model, suffix, seed, method, hyperparameters, integrations, metadata, trainingType
        case trainingFile = "training_file"
        case validationFile = "validation_file"
    }
}
