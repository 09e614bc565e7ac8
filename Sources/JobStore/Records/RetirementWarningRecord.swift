/// A retirement warning that was logged: stored so it is given once, across restarts.
public struct RetirementWarningRecord: Sendable, Hashable {
    public var modelID: String
    /// `shutdown` or `fine_tune`.
    public var ends: String
    /// The window, in days before the end date (30, 7 or 1).
    public var thresholdDays: Int
    /// The end date warned about (`YYYY-MM-DD`).
    public var endDate: String

    public init(modelID: String, ends: String, thresholdDays: Int, endDate: String) {
        self.modelID = modelID
        self.ends = ends
        self.thresholdDays = thresholdDays
        self.endDate = endDate
    }
}
