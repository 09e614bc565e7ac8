import JobStore
import Logging
import Systemd

/// The one way a job update leaves the daemon: stored (one transaction), told to the journal
/// (`TransitionReporter`, with the `OnJobEnd=` hook), published to watchers (`JobFeed`), and the
/// poll loop woken so it looks again soon. The poll cycle, the job actions (cancel, pause,
/// resume), tracking and submissions all go through it, so none of them forgets a step.
struct JobUpdateSink: Sendable {
    let store: JobStore
    let reporter: TransitionReporter
    let feed: JobFeed
    /// Asks the poll loop for a cycle now.
    let wake: @Sendable () -> Void

    /// Where an update comes from, which decides what the journal says about a new job.
    enum Origin: Sendable {
        /// A user's action on the job (cancel, pause, resume): reported like a poll would.
        case action
        /// A job created elsewhere, tracked from now on: "now tracking" when it is new; its
        /// status at that moment is not a transition (no `OnJobEnd=` for a job that had ended).
        case tracking
    }

    /// Stores `update`, reports and publishes what changed, and wakes the poll loop.
    /// - Returns: the job as stored now, and what the store applied.
    @discardableResult
    func apply(_ update: PollUpdate, as origin: Origin) throws -> (job: JobRecord, applied: AppliedUpdate) {
        let applied = try store.apply(update)
        if origin == .tracking, try store.job(id: update.job.id)?.isTracked == false {
            try store.setTracked(jobID: update.job.id, true)
        }
        let job = try store.job(id: update.job.id) ?? update.job
        switch origin {
        case .action:
            reporter.report(applied, job: job)
        case .tracking:
            if applied.previousStatus == nil { reporter.reportTracked(job) }
        }
        publish(applied, job: job)
        wake()
        return (job, applied)
    }

    /// An update the poll cycle stored already: reported and published; no wake-up (the cycle
    /// is the look it would ask for).
    func stored(_ applied: AppliedUpdate, job: JobRecord) {
        reporter.report(applied, job: job)
        publish(applied, job: job)
    }

    /// A submission was turned into `job` (the submitter stored it): reported, published, and the
    /// poll loop woken to follow it.
    func submitted(_ job: JobRecord, submissionID: String) {
        reporter.reportSubmitted(job, submissionID: submissionID)
        feed.publish(.init(job: job, newEvents: []))
        wake()
    }

    private func publish(_ applied: AppliedUpdate, job: JobRecord) {
        if applied.statusChanged || !applied.insertedEvents.isEmpty {
            feed.publish(.init(job: job, newEvents: applied.insertedEvents))
        }
    }
}
