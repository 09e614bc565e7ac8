/// How a run of a submission ended: the `outcome` label of `finetuned_submissions_total`.
public enum SubmissionOutcome: String, Sendable, CaseIterable {
    /// The job was created.
    case created
    /// The training data failed validation.
    case invalidData = "invalid_data"
    /// A training file could not be read.
    case unreadable
    /// The estimated cost is above `MaxEstimatedCost=`.
    case overBudget = "over_budget"
    /// The API refused for good (400, 401, 403, 404, quota).
    case apiRefused = "api_refused"
    /// A transient API failure; the submission is tried again later.
    case retrying
    /// Anything else (the store failed); the submission stays resumable.
    case error
}
