import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// What a user can ask the API to do to a job.
enum JobAction: CaseIterable, Sendable {
    case cancel, pause, resume
}

extension Daemon {
    /// Asks the API to cancel, pause or resume a stored job, stores the answer (one transaction)
    /// and reports the transition like a poll would.
    func perform(_ action: JobAction, jobID: String) async throws -> JobRecord {
        guard let stored = try store.job(id: jobID) else { throw DaemonError.noSuchJob(jobID) }
        guard let (config, client) = clients?.client(for: stored.account) else {
            throw DaemonError.noSuchAccount(stored.account)
        }
        let job: FineTuningJob
        switch action {
        case .cancel: job = try await client.cancelJob(jobID)
        case .pause: job = try await client.pauseJob(jobID)
        case .resume: job = try await client.resumeJob(jobID)
        }
        // The action's own events (a cancellation ends the job: it will not be polled again).
        let events = try await client.newEvents(jobID: jobID, after: stored.lastEventID)
        return try updates.apply(
            PollUpdate(
                job: RecordMapping.job(job, account: config.name),
                newEvents: events.map { RecordMapping.event($0, jobID: jobID) },
                metricPoints: events.compactMap { $0.metrics.map { RecordMapping.metricPoint($0, jobID: jobID) } },
                polledAt: Int64(Date().timeIntervalSince1970)), as: .action
        ).job
    }

    /// The sink for job updates under the running configuration (its `OnJobEnd=`).
    var updates: JobUpdateSink {
        JobUpdateSink(
            store: store,
            reporter: configuration.map(reporter(for:))
                ?? TransitionReporter(logger: logger, onJobEnd: nil, hookTimeout: .seconds(1)),
            feed: feed, wake: { [weak self] in self?.poller?.pollNow() })
    }

    /// The reporter for `configuration`: its hooks run as background work of the daemon.
    func reporter(for configuration: DaemonConfiguration) -> TransitionReporter {
        TransitionReporter(
            logger: logger, onJobEnd: configuration.onJobEnd, hookTimeout: configuration.onJobEndTimeout,
            hooks: { [background] work in background.add(work) })
    }
}
