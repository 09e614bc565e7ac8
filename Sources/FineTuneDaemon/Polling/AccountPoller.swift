import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// One poll cycle of one account: page the jobs list until every tracked unfinished job is seen,
/// retrieve the rest, fetch new events where the schedule wants them, collect what a succeeded
/// job leaves (checkpoints, results CSV, model), and store each job's result in one transaction.
///
/// Contract: a cycle never throws. An API error ends the account's cycle early and is reported in
/// the result; what was stored before it stays stored, and the next cycle resumes from the store.
struct AccountPoller: Sendable {
    let account: AccountConfiguration
    let client: OpenAIClient
    let store: JobStore
    let schedule: PollSchedule
    /// Called after every API answer: the watchdog's sign that the loop is alive.
    let progress: @Sendable () -> Void
    /// The jobs someone watches now (`Watchers`), read once a cycle: their events are fetched
    /// every cycle.
    var watchedJobs: @Sendable () -> Set<String> = { [] }

    /// What a cycle did. `applied` and `stored` hold the jobs that changed, not every job seen.
    struct Result: Sendable {
        var applied: [AppliedUpdate] = []
        var stored: [String: JobRecord] = [:]
        /// HTTP requests this cycle sent (every attempt), counted by the client for this task.
        var requests = 0
        var error: PollFailure?
        var eventsFetched: [String] = []
        /// Tracked jobs the API no longer knows (404): untracked, with a warning.
        var vanished: [String] = []
        /// Jobs adopted this cycle (stored and tracked, history queued).
        var adopted = 0
        /// Duplicate jobs found carrying a submission's tag, and cancelled.
        var duplicatesCancelled: [(jobID: String, submissionID: String)] = []
        /// Jobs seen this cycle that had not changed: nothing was written for them.
        var unchanged = 0
    }

    /// Runs one cycle. Requests are counted for this cycle alone (`OpenAIClient.requestCounter`),
    /// so a submission running beside it does not inflate the figure.
    func cycle(now: Date, eventsFetchedAt: [String: Date]) async -> Result {
        let counter = RequestCounter()
        var result = await OpenAIClient.$requestCounter.withValue(counter) {
            await run(now: now, eventsFetchedAt: eventsFetchedAt)
        }
        result.requests = counter.value
        return result
    }

    private func run(now: Date, eventsFetchedAt: [String: Date]) async -> Result {
        var result = Result()
        do {
            // The keys of the tracked jobs (16 bytes each), not their states: the cycle reads the
            // poll states (`JobPollState`) of one list page at a time, and picks its few
            // background refreshes as the rows go by (a job that changed gets its events anyway).
            let watched = watchedJobs()
            var refreshChoice = PollSchedule.RefreshChoice(budget: schedule.backgroundRefreshesPerCycle)
            let tracked = try store.trackedNonTerminalKeys(account: account.name) { id, status in
                let lastFetched = eventsFetchedAt[id]
                let need = schedule.eventsNeed(
                    change: JobChange(unchanged: OpenAIFineTuning.JobStatus(rawValue: status.rawValue)),
                    watched: watched.contains(id), lastFetched: lastFetched, now: now)
                if need == .refresh { refreshChoice.offer(id: id, lastFetched: lastFetched) }
            }
            let refreshes = refreshChoice.chosen
            try await observeJobs(tracked: tracked, now: now, &result) { job, stored, result in
                try await poll(
                    job, stored: stored, watched: watched.contains(job.id), refreshes: refreshes,
                    lastFetched: eventsFetchedAt[job.id], now: now, &result)
            }
            try await fetchPendingHistory(now: now, &result)
        } catch let error as OpenAIError {
            result.error = .api(error)
        } catch let failure as PollFailure {
            result.error = failure
        } catch let error as JobStoreError {
            result.error = .daemon(.storeFailed(error.description))
        } catch {
            result.error = .daemon(.unexpected(String(describing: error)))
        }
        return result
    }

    /// Polls one observed job: fetches its events when the schedule wants them, and stores an
    /// update only when something changed. A job that did not change writes nothing and is not
    /// in the result (`Result.unchanged` counts it).
    private func poll(
        _ job: FineTuningJob, stored: JobPollState, watched: Bool, refreshes: Set<String>, lastFetched: Date?,
        now: Date, _ result: inout Result
    ) async throws {
        let change = JobChange(stored: stored, observed: job)
        let need = schedule.eventsNeed(change: change, watched: watched, lastFetched: lastFetched, now: now)
        let fetchEvents = need == .required || (need == .refresh && refreshes.contains(job.id))
        let events = fetchEvents ? try await newEvents(of: job, after: stored.lastEventID, &result) : []
        if !change.isChange, events.isEmpty {
            result.unchanged += 1
            return
        }
        let update = try await pollUpdate(for: job, change: change, events: events, now: now)
        result.applied.append(try store.apply(update))
        result.stored[job.id] = try store.job(id: job.id)
    }

    /// Pages the jobs list until every tracked unfinished job is seen, handing each seen job with
    /// its stored poll state to `handle` page by page (so only one page, and the states of its
    /// jobs, are held), and retrieves the ones no page showed.
    /// With `AdoptAllJobs=`, also stores the jobs the store has not seen yet (see
    /// `adopt(from:)`) and carries the adoption walk on from where it stopped.
    private func observeJobs(
        tracked: [TrackedJobKey], now: Date, _ result: inout Result,
        handle: (FineTuningJob, JobPollState, inout Result) async throws -> Void
    ) async throws {
        var walk = ListWalk(tracked: tracked)
        var step = walk.start
        let adopting = account.adoptAllJobs
        let historyWalked = adopting ? try store.accountState(account.name).adoption.isComplete : true
        if adopting, historyWalked, case .finished = step { step = .fetch(after: nil) }
        while case .fetch(let cursor) = step {
            let page = try await client.listJobs(after: cursor, limit: 100)
            progress()
            // The page's tracked jobs, read now: their states as stored this moment.
            let states =
                walk.unseenCount == 0
                ? [] : try store.trackedNonTerminalPollStates(ids: page.data.map(\.id), account: account.name)
            var seen: [String: JobPollState] = [:]
            for (rowID, state) in states where walk.markSeen(rowID: rowID) { seen[state.id] = state }
            step = walk.receive(page)
            let duplicates = try await cancelDuplicates(on: page.data, &result)
            for job in page.data {
                guard let state = seen.removeValue(forKey: job.id) else { continue }
                try await handle(job, state, &result)
            }
            guard adopting else { continue }
            let unknown = try adopt(from: page.data, excluding: duplicates, now: now, &result)
            // Once the history is walked, keep paging while every job on the page is new: jobs
            // created since the last cycle. Before that, the durable walk below does the paging.
            if historyWalked, case .finished = step, unknown == page.data.count, page.hasMore, let last = page.data.last
            {
                step = .fetch(after: last.id)
            }
        }
        if adopting, !historyWalked { try await continueAdoption(now: now, &result) }
        guard case .finished(let missing) = step else { return }
        // Still tracked and unfinished now (a job untracked meanwhile is left alone).
        for (_, stored) in try store.trackedNonTerminalPollStates(rowIDs: missing) {
            switch await retrieve(stored.id) {
            case .success(let job):
                try await handle(job, stored, &result)
            case .failure(let error) where error.isObjectNotFound:
                try store.setTracked(jobID: stored.id, false)
                result.vanished.append(stored.id)
            case .failure(let error):
                throw error
            }
        }
    }

    /// Everything the API has about one job now, as one update: its events, and for a succeeded
    /// job its checkpoints, results and model. Used when a job is first tracked (it may have
    /// ended already, and ended jobs are never polled).
    func fullUpdate(for job: FineTuningJob, stored: JobRecord?, now: Date) async throws -> PollUpdate {
        var result = Result()
        var change = JobChange(stored: stored, observed: job)
        if job.status == .succeeded { change.previousStatus = nil }  // collect the results as at its end
        let events = try await newEvents(of: job, after: stored?.lastEventID, &result)
        return try await pollUpdate(for: job, change: change, events: events, now: now)
    }

    func retrieve(_ id: String) async -> Swift.Result<FineTuningJob, OpenAIError> {
        do {
            let job = try await client.retrieveJob(id)
            progress()
            return .success(job)
        } catch {
            return .failure(error)
        }
    }

    /// The job's events after `lastEventID`, oldest first.
    func newEvents(
        of job: FineTuningJob, after lastEventID: String?, _ result: inout Result
    ) async throws
        -> [FineTuningJobEvent]
    {
        let events = try await client.newEvents(jobID: job.id, after: lastEventID)
        progress()
        result.eventsFetched.append(job.id)
        return events
    }

    /// The update that stores `job` as observed with `events`; for a job that has just
    /// succeeded, with what it left behind.
    func pollUpdate(
        for job: FineTuningJob, change: JobChange, events: [FineTuningJobEvent], now: Date
    )
        async throws -> PollUpdate
    {
        var update = PollUpdate(
            job: RecordMapping.job(job, account: account.name), polledAt: Int64(now.timeIntervalSince1970))
        update.newEvents = events.map { RecordMapping.event($0, jobID: job.id) }
        update.metricPoints = events.compactMap { $0.metrics.map { RecordMapping.metricPoint($0, jobID: job.id) } }
        if change.ended && job.status == .succeeded {
            try await collectResults(of: job, into: &update)
        }
        return update
    }

    /// What a succeeded job leaves behind: checkpoints, the results CSV's metric points (merged
    /// with those from events, by step), and the fine-tuned model with its `shutdown_date`.
    private func collectResults(of job: FineTuningJob, into update: inout PollUpdate) async throws {
        update.checkpoints = try await client.allCheckpoints(jobID: job.id).collect().map(RecordMapping.checkpoint)
        progress()
        if let resultsFile = job.resultFiles.first {
            let csv = String(decoding: try await client.fileContent(resultsFile), as: UTF8.self)
            update.metricPoints += RecordMapping.metricPoints(resultsCSV: csv, jobID: job.id)
            progress()
        }
        if let modelID = job.fineTunedModel {
            let model: Swift.Result<Model, OpenAIError>
            do {
                model = .success(try await client.retrieveModel(modelID))
            } catch {
                model = .failure(error)
            }
            progress()
            switch model {
            case .success(let model):
                update.model = RecordMapping.model(model, jobID: job.id, account: account.name, baseModel: job.model)
            case .failure(let error) where error.isObjectNotFound:
                // A new model can take minutes to appear; store what the job says, refresh later.
                update.model = ModelRecord(
                    id: modelID, jobID: job.id, account: account.name, baseModel: job.model,
                    createdAt: Int64(job.finishedAt ?? job.createdAt))
            case .failure(let error):
                throw error
            }
        }
    }

    /// Refreshes the fine-tuned models the store knows (their `shutdown_date` can be announced any
    /// day), and records models deleted elsewhere.
    func refreshModels() async throws {
        let models = try await client.listModels()
        progress()
        let listed = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for var record in try store.models() where record.account == account.name {
            if let model = listed[record.id] {
                guard model.shutdownDate != record.shutdownDate else { continue }
                record.shutdownDate = model.shutdownDate
            } else {
                record.isDeleted = true
            }
            try store.upsertModel(record)
        }
    }
}
