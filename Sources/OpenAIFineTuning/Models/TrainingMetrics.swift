/// Loss and accuracy at one training step, from a metrics event or a checkpoint. Every value but
/// the step is optional: the API sends what it measured.
public struct TrainingMetrics: Codable, Sendable, Hashable {
    public var step: Int
    public var totalSteps: Int?
    public var trainLoss: Double?
    public var trainMeanTokenAccuracy: Double?
    public var validLoss: Double?
    public var validMeanTokenAccuracy: Double?
    public var fullValidLoss: Double?
    public var fullValidMeanTokenAccuracy: Double?

    public init(step: Int) { self.step = step }

    init(step: Int, data: [String: JSONValue]) {
        self.step = step
        totalSteps = data["total_steps"]?.doubleValue.map { Int($0) }
        trainLoss = data["train_loss"]?.doubleValue
        trainMeanTokenAccuracy = data["train_mean_token_accuracy"]?.doubleValue
        validLoss = data["valid_loss"]?.doubleValue
        validMeanTokenAccuracy = data["valid_mean_token_accuracy"]?.doubleValue
        fullValidLoss = data["full_valid_loss"]?.doubleValue
        fullValidMeanTokenAccuracy = data["full_valid_mean_token_accuracy"]?.doubleValue
    }

    enum CodingKeys: String, CodingKey {
        case step
        case totalSteps = "total_steps"
        case trainLoss = "train_loss"
        case trainMeanTokenAccuracy = "train_mean_token_accuracy"
        case validLoss = "valid_loss"
        case validMeanTokenAccuracy = "valid_mean_token_accuracy"
        case fullValidLoss = "full_valid_loss"
        case fullValidMeanTokenAccuracy = "full_valid_mean_token_accuracy"
    }
}
