import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// `AdoptAllJobs=`: taking over every job of the account, including the history that was there
/// before finetuned.
///
/// The walk through the account's job list (newest first) is durable: each page's new jobs are
/// stored, tracked, with the cursor after the page, in one transaction (`storeAdoptionPage`). A
/// walk cut short by a kill, a stop or a failed request resumes after the last stored page at
/// the next cycle, and finishes. Adopting costs the list pages and nothing per job: a job's
/// events and results are queued (`pending_history`) and fetched in the background, a few per
/// cycle, within the schedule's budget.
extension AccountPoller {
    /// The most list pages the walk reads in one cycle (100 jobs each), so that a long history
    /// does not hold up the polling of running jobs for long.
    static let adoptionPagesPerCycle = 100

    /// Stores the jobs of one page that the store does not know. Returns how many of the page's
    /// jobs were unknown.
    func adopt(
        from jobs: [FineTuningJob], excluding duplicates: Set<String>, now: Date, _ result: inout Result
    )
        throws -> Int
    {
        let known = try store.knownJobIDs(jobs.map(\.id))
        let unknown = jobs.filter { !duplicates.contains($0.id) && !known.contains($0.id) }
        guard !unknown.isEmpty else { return 0 }
        let progress = try store.accountState(account.name).adoption
        let stored = try store.storeAdoptionPage(
            account: account.name, jobs: unknown.map { RecordMapping.job($0, account: account.name) },
            progress: progress, polledAt: Int64(now.timeIntervalSince1970))
        result.adopted += stored.count
        return unknown.count
    }

    /// Carries the walk on from its stored cursor, up to `adoptionPagesPerCycle` pages, storing
    /// each page and the progress after it.
    func continueAdoption(now: Date, _ result: inout Result) async throws {
        var walk = try store.accountState(account.name).adoption
        var pages = 0
        while !walk.isComplete && pages < Self.adoptionPagesPerCycle {
            let page = try await client.listJobs(after: walk.cursor, limit: 100)
            progress()
            pages += 1
            let duplicates = try await cancelDuplicates(on: page.data, &result)
            let known = try store.knownJobIDs(page.data.map(\.id))
            let unknown = page.data.filter { !duplicates.contains($0.id) && !known.contains($0.id) }
            var next = walk
            next.cursor = page.data.last?.id ?? walk.cursor
            next.isComplete = !page.hasMore || page.data.isEmpty
            let stored = try store.storeAdoptionPage(
                account: account.name, jobs: unknown.map { RecordMapping.job($0, account: account.name) },
                progress: next, polledAt: Int64(now.timeIntervalSince1970))
            result.adopted += stored.count
            next.found += stored.count
            walk = next
        }
    }

    /// Fetches the history (events; checkpoints, results and model of a succeeded job) of a few
    /// adopted jobs, within half the cycle's background budget (at least one job).
    func fetchPendingHistory(now: Date, _ result: inout Result) async throws {
        let budget = max(1, schedule.backgroundRefreshesPerCycle / 2)
        for record in try store.jobsPendingHistory(account: account.name, limit: budget) {
            let job: FineTuningJob
            switch await retrieve(record.id) {
            case .success(let found):
                job = found
            case .failure(let error) where error.isObjectNotFound:
                try store.setTracked(jobID: record.id, false)
                _ = try store.applyHistory(PollUpdate(job: record, polledAt: Int64(now.timeIntervalSince1970)))
                result.vanished.append(record.id)
                continue
            case .failure(let error):
                throw error
            }
            var change = JobChange(stored: nil as JobRecord?, observed: job)
            if job.status != .succeeded { change.previousStatus = job.status }  // no transition to report
            let events = try await newEvents(of: job, after: record.lastEventID, &result)
            try store.applyHistory(try await pollUpdate(for: job, change: change, events: events, now: now))
        }
    }
}
