/// Training hyperparameters. Every one defaults to `auto`; the API resolves them when the job
/// starts and reports the resolved values on the job.
public struct Hyperparameters: Codable, Sendable, Hashable {
    public var batchSize: AutoOr<Int>?
    public var learningRateMultiplier: AutoOr<Double>?
    public var nEpochs: AutoOr<Int>?
    /// DPO only: `(0, 2]`.
    public var beta: AutoOr<Double>?
    /// Reinforcement only.
    public var reasoningEffort: String?
    public var computeMultiplier: AutoOr<Double>?
    public var evalInterval: AutoOr<Int>?
    public var evalSamples: AutoOr<Int>?

    public init(
        batchSize: AutoOr<Int>? = nil, learningRateMultiplier: AutoOr<Double>? = nil,
        nEpochs: AutoOr<Int>? = nil, beta: AutoOr<Double>? = nil
    ) {
        self.batchSize = batchSize
        self.learningRateMultiplier = learningRateMultiplier
        self.nEpochs = nEpochs
        self.beta = beta
    }

    enum CodingKeys: String, CodingKey {
        case batchSize = "batch_size"
        case learningRateMultiplier = "learning_rate_multiplier"
        case nEpochs = "n_epochs"
        case beta
        case reasoningEffort = "reasoning_effort"
        case computeMultiplier = "compute_multiplier"
        case evalInterval = "eval_interval"
        case evalSamples = "eval_samples"
    }
}
