import ControlProtocol
import Foundation

/// Follows a waiting submission (`submit --wait`) until it has a job, by asking
/// `Jobs.GetSubmission` once a second; the daemon retries by itself, this only watches.
struct SubmissionFollower {
    let session: DaemonSession
    var interval: Duration = .seconds(1)

    /// Returns the job id once the submission is created. Throws (exit 1) when it fails or is
    /// cancelled.
    func follow(_ id: String, progress: ProgressLine) async throws -> String {
        var lastAttempts = -1
        while true {
            let submission = try await session.call(ControlRequest.Jobs.GetSubmission(id: id))["submission"].orNull
                .decode(WireSubmission.self)
            if let job = submission.job_id, submission.state == "created" { return job }
            switch submission.state {
            case "failed", "cancelled":
                throw CtlFailure(
                    "submission \(id) \(submission.state == "cancelled" ? "was cancelled" : "failed"): \(submission.error ?? "no reason given")",
                    exitCode: CtlExit.jobFailed)
            case "waiting":
                if submission.attempts != lastAttempts {
                    lastAttempts = submission.attempts
                    progress.note(
                        "Waiting: \(SubmissionText.short(submission.last_error)); next attempt \(SubmissionText.next(submission))"
                    )
                }
                progress.update(
                    "Waiting for the API (attempt \(submission.attempts + 1) next)…",
                    milestone: "waiting/\(submission.attempts)")
            default:
                progress.update("Submission \(submission.state)…", milestone: submission.state)
            }
            try await Task.sleep(for: interval)
        }
    }
}
