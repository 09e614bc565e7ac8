/// One fine-tuning checkpoint (`fine_tuning.job.checkpoint`).
public struct CheckpointRecord: Sendable, Hashable, Identifiable {
    /// `ftckpt_…`
    public var id: String
    public var jobID: String
    public var createdAt: Int64
    /// The model name to call this checkpoint with (`ft:…:ckpt-step-N`).
    public var fineTunedModelCheckpoint: String
    public var stepNumber: Int64
    /// The checkpoint's `metrics` object as JSON text; must be valid JSON when set.
    public var metricsJSON: String?

    public init(
        id: String, jobID: String, createdAt: Int64, fineTunedModelCheckpoint: String,
        stepNumber: Int64, metricsJSON: String? = nil
    ) {
        self.id = id
        self.jobID = jobID
        self.createdAt = createdAt
        self.fineTunedModelCheckpoint = fineTunedModelCheckpoint
        self.stepNumber = stepNumber
        self.metricsJSON = metricsJSON
    }
}
