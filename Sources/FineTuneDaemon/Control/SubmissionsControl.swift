import JobStore
import OpenAIFineTuning
import Varlink

/// What `Jobs.Submit`, `Jobs.Submissions`, `GetSubmission` and `CancelSubmission` need from the
/// daemon, and nothing more: the store, the configured accounts, and the submission runner.
protocol SubmissionsControl: Sendable {
    var store: JobStore { get }
    /// The configured account `name` names (nil: the first), or nil when there is none.
    func account(named name: String?) -> AccountConfiguration?
    /// Why a new job on `account` cannot be created today (`JobCreationEnded`), or nil.
    func jobCreationRefusal(account: String) -> VarlinkError?
    /// Stores a new submission (state `received`) before anything else happens to it.
    func createSubmission(_ request: SubmissionRequest, requestedBy uid: Int64?) throws -> SubmissionRecord
    /// Starts the runner of a stored submission (unless it runs already) and, with `follow`,
    /// returns its events until it ends or waits.
    func startSubmission(
        _ id: String, request: SubmissionRequest, sources: SubmissionSources?, follow: Bool
    ) -> AsyncStream<SubmissionEvent>
    /// Cancels a submission whose job does not exist yet.
    func cancelSubmission(_ id: String) throws -> SubmissionRecord
}
