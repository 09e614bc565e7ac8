/// Training metrics at one step, from metrics events or the results CSV.
///
/// Keyed by (job, step): storing the same step again replaces the values that are non-nil in the
/// new point and keeps the others, so the CSV can fill in what events left out.
public struct MetricPoint: Sendable, Hashable {
    public var jobID: String
    public var step: Int64
    public var trainLoss: Double?
    public var trainAccuracy: Double?
    public var validLoss: Double?
    public var validAccuracy: Double?
    public var fullValidLoss: Double?
    public var fullValidAccuracy: Double?

    public init(
        jobID: String, step: Int64, trainLoss: Double? = nil, trainAccuracy: Double? = nil,
        validLoss: Double? = nil, validAccuracy: Double? = nil, fullValidLoss: Double? = nil,
        fullValidAccuracy: Double? = nil
    ) {
        self.jobID = jobID
        self.step = step
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validLoss = validLoss
        self.validAccuracy = validAccuracy
        self.fullValidLoss = fullValidLoss
        self.fullValidAccuracy = fullValidAccuracy
    }
}
