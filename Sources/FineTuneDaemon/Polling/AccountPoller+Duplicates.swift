import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// A submission makes one job. A create that was still in flight when a daemon died, or that
/// landed after its client gave up, can make a second one carrying the same submission tag.
/// Every list page a cycle reads is checked: a job whose tag names a stored submission that
/// already has another job, or that failed for good, is a duplicate, and is cancelled at once
/// (before it trains, cancelling is not billed), recorded on the submission, logged, and never
/// tracked. So is a job whose tag names a submission a user cancelled before its job existed.
extension AccountPoller {
    /// Cancels the duplicates among `jobs`; returns the ids of every duplicate seen (cancelled
    /// now, or already ended), so the caller does not adopt them.
    func cancelDuplicates(on jobs: [FineTuningJob], _ result: inout Result) async throws -> Set<String> {
        let tagged = jobs.compactMap { job in job.metadata?[SubmissionTag.metadataKey].map { (job, $0) } }
        guard !tagged.isEmpty else { return [] }
        let submissions = try store.submissions(ids: tagged.map(\.1))
        var duplicates: Set<String> = []
        for (job, submissionID) in tagged {
            guard let submission = submissions[submissionID] else { continue }
            // A job of a cancelled submission (its create was in flight when the user cancelled)
            // must not train either.
            let cancelled = submission.cancelledAt != nil && submission.jobID == nil
            guard cancelled || Self.isDuplicate(job.id, of: submission) else { continue }
            duplicates.insert(job.id)
            guard !job.status.isTerminal else { continue }
            // A final answer (already ended, or gone) leaves nothing to stop; another error ends
            // the cycle, and the next cycle tries again.
            if let error = await cancel(job.id), !error.isFinal { throw error }
            progress()
            try store.recordDuplicateJobs(submissionID: submissionID, jobIDs: [job.id])
            result.duplicatesCancelled.append((jobID: job.id, submissionID: submissionID))
        }
        return duplicates
    }

    /// A job carrying `submission`'s tag is a duplicate when the submission has another job, or
    /// failed for good (its user was told so: a job landing for it afterwards is not wanted).
    static func isDuplicate(_ jobID: String, of submission: SubmissionRecord) -> Bool {
        if let kept = submission.jobID { return kept != jobID }
        return submission.state == .failed
    }

    /// Cancels a job; nil when that worked, else the error.
    private func cancel(_ id: String) async -> OpenAIError? {
        do {
            _ = try await client.cancelJob(id)
            return nil
        } catch {
            return error
        }
    }
}
