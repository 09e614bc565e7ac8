/// A fine-tuning job as the API reports it (`object: "fine_tuning.job"`).
///
/// Decoding is strict where a wrong value would mislead (`id`, `created_at`, `model`, `status`,
/// `training_file` must be present and typed) and tolerant where the real API is loose: `status`
/// is open (`paused`), an empty `error` (`{}` or all-null fields) is nil, `hyperparameters` may be
/// null (DPO), and unknown keys are ignored.
public struct FineTuningJob: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var createdAt: Int
    public var model: String
    public var organizationID: String?
    public var status: JobStatus
    public var error: JobError?
    public var fineTunedModel: String?
    public var finishedAt: Int?
    public var estimatedFinish: Int?
    public var trainedTokens: Int?
    public var trainingFile: String
    public var validationFile: String?
    public var resultFiles: [String]
    public var hyperparameters: Hyperparameters?
    public var seed: Int?
    public var integrations: [Integration]?
    public var method: FineTuneMethod?
    public var metadata: [String: String]?
    /// The suffix asked for: `user_provided_suffix`, or `suffix` on Azure's dated API.
    public var userProvidedSuffix: String?
    /// Azure: the training tier asked for (`globalstandard`, `standard`, `developer`), when the
    /// job echoes it.
    public var trainingType: String?

    enum CodingKeys: String, CodingKey {
        case id, model, status, error, seed, integrations, method, metadata, hyperparameters, suffix
        case trainingType
        case createdAt = "created_at"
        case organizationID = "organization_id"
        case fineTunedModel = "fine_tuned_model"
        case finishedAt = "finished_at"
        case estimatedFinish = "estimated_finish"
        case trainedTokens = "trained_tokens"
        case trainingFile = "training_file"
        case validationFile = "validation_file"
        case resultFiles = "result_files"
        case userProvidedSuffix = "user_provided_suffix"
    }

    public init(
        id: String, createdAt: Int, model: String, status: JobStatus, trainingFile: String
    ) {
        self.id = id
        self.createdAt = createdAt
        self.model = model
        self.status = status
        self.trainingFile = trainingFile
        self.resultFiles = []
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        createdAt = try c.decode(Int.self, forKey: .createdAt)
        model = try c.decode(String.self, forKey: .model)
        status = try c.decode(JobStatus.self, forKey: .status)
        trainingFile = try c.decode(String.self, forKey: .trainingFile)
        organizationID = try c.decodeIfPresent(String.self, forKey: .organizationID)
        let error = try c.decodeIfPresent(JobError.self, forKey: .error)
        self.error = (error?.isEmpty ?? true) ? nil : error
        fineTunedModel = try c.decodeIfPresent(String.self, forKey: .fineTunedModel)
        finishedAt = try c.decodeIfPresent(Int.self, forKey: .finishedAt)
        estimatedFinish = try c.decodeIfPresent(Int.self, forKey: .estimatedFinish)
        trainedTokens = try c.decodeIfPresent(Int.self, forKey: .trainedTokens)
        validationFile = try c.decodeIfPresent(String.self, forKey: .validationFile)
        resultFiles = try c.decodeIfPresent([String].self, forKey: .resultFiles) ?? []
        hyperparameters = try c.decodeIfPresent(Hyperparameters.self, forKey: .hyperparameters)
        seed = try c.decodeIfPresent(Int.self, forKey: .seed)
        integrations = try c.decodeIfPresent([Integration].self, forKey: .integrations)
        method = try c.decodeIfPresent(FineTuneMethod.self, forKey: .method)
        metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata)
        userProvidedSuffix =
            try c.decodeIfPresent(String.self, forKey: .userProvidedSuffix)
            ?? (try? c.decodeIfPresent(String.self, forKey: .suffix))
        trainingType = try? c.decodeIfPresent(String.self, forKey: .trainingType)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(model, forKey: .model)
        try c.encodeIfPresent(organizationID, forKey: .organizationID)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encodeIfPresent(fineTunedModel, forKey: .fineTunedModel)
        try c.encodeIfPresent(finishedAt, forKey: .finishedAt)
        try c.encodeIfPresent(estimatedFinish, forKey: .estimatedFinish)
        try c.encodeIfPresent(trainedTokens, forKey: .trainedTokens)
        try c.encode(trainingFile, forKey: .trainingFile)
        try c.encodeIfPresent(validationFile, forKey: .validationFile)
        try c.encode(resultFiles, forKey: .resultFiles)
        try c.encodeIfPresent(hyperparameters, forKey: .hyperparameters)
        try c.encodeIfPresent(seed, forKey: .seed)
        try c.encodeIfPresent(integrations, forKey: .integrations)
        try c.encodeIfPresent(method, forKey: .method)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encodeIfPresent(userProvidedSuffix, forKey: .userProvidedSuffix)
        try c.encodeIfPresent(trainingType, forKey: .trainingType)
    }
}
