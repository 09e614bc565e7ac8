/// A saved model checkpoint (`object: "fine_tuning.job.checkpoint"`); the API keeps those of the
/// last three epochs. Lists come by descending step.
public struct FineTuningCheckpoint: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var createdAt: Int
    /// A model id usable for chat, e.g. `ft:gpt-4o-mini-2024-07-18:org:suffix:abc123:ckpt-step-200`.
    public var fineTunedModelCheckpoint: String
    public var fineTuningJobID: String
    public var stepNumber: Int
    public var metrics: CheckpointMetrics

    enum CodingKeys: String, CodingKey {
        case id, metrics
        case createdAt = "created_at"
        case fineTunedModelCheckpoint = "fine_tuned_model_checkpoint"
        case fineTuningJobID = "fine_tuning_job_id"
        case stepNumber = "step_number"
    }
}

/// A checkpoint's metrics: every key optional.
public struct CheckpointMetrics: Codable, Sendable, Hashable {
    public var step: Double?
    public var trainLoss: Double?
    public var trainMeanTokenAccuracy: Double?
    public var validLoss: Double?
    public var validMeanTokenAccuracy: Double?
    public var fullValidLoss: Double?
    public var fullValidMeanTokenAccuracy: Double?

    enum CodingKeys: String, CodingKey {
        case step
        case trainLoss = "train_loss"
        case trainMeanTokenAccuracy = "train_mean_token_accuracy"
        case validLoss = "valid_loss"
        case validMeanTokenAccuracy = "valid_mean_token_accuracy"
        case fullValidLoss = "full_valid_loss"
        case fullValidMeanTokenAccuracy = "full_valid_mean_token_accuracy"
    }
}
