import FoundationEssentials
import JobStore
import TrainingData

/// What `io.finetuned.Jobs` needs from the daemon, and nothing more: the store and the feed of
/// changes it answers from, the poll loop's last success and wake-up, and the actions that go to
/// the API (track, cancel/pause/resume, migrate), besides the submissions' part.
protocol JobsControl: SubmissionsControl {
    var feed: JobFeed { get }
    /// The training prices a job's estimated cost is computed at.
    var trainingPrices: PriceTable { get }
    /// When the account's last successful poll cycle was (nil: none yet, or no poll loop).
    func lastSuccessfulCycle(ofAccount account: String) -> Date?
    /// Starts a poll cycle now (a watcher arrived).
    func pollNow()
    /// Starts keeping a job made elsewhere.
    func track(jobID: String, account: String?) async throws -> JobRecord
    /// Asks the API to cancel, pause or resume a stored job.
    func perform(_ action: JobAction, jobID: String) async throws -> JobRecord
    /// Stores a migration (or finds the one already made) for the caller to follow.
    func startMigration(
        _ request: MigrationRequest, requestedBy uid: Int64?
    ) async throws -> (SubmissionRecord, SubmissionRequest)
    /// The submission a migration would make, checked, storing nothing.
    func planMigration(_ request: MigrationRequest) async throws -> SubmissionRequest
}
