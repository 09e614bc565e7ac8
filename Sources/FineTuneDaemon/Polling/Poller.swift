import DaemonMetrics
import Dispatch
import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import Synchronization
import Systemd

/// The poll loop. A `DispatchSourceTimer` ticks a few times a second; a tick starts a poll cycle
/// when one is due (or was asked for with `pollNow()`) and none is running. A cycle polls every
/// account concurrently, stores what it learned (one transaction per job), reports transitions,
/// publishes them to the feed, and picks the next due time from the schedule.
///
/// Watchdog: the loop reports progress to the `WatchdogDriver` at every tick while idle and after
/// every API answer while a cycle runs, so a loop stuck anywhere stops the WATCHDOG=1 pings.
public final class Poller: Sendable {
    private let accounts: [AccountPoller]
    private let store: JobStore
    private let schedule: PollSchedule
    private let maxInterval: Duration
    private let reporter: TransitionReporter
    private let feed: JobFeed
    private let watchdog: WatchdogDriver?
    private let logger: Logger
    private let queue = DispatchQueue(label: "finetuned.poller")
    /// Dispatch sources are thread-safe (schedule, resume and cancel may be called from any
    /// thread); Swift just does not mark the protocol `Sendable`.
    nonisolated(unsafe) private let timer: any DispatchSourceTimer
    private let state: Mutex<LoopState>
    /// Called at the end of every cycle (the daemon refreshes its STATUS= line).
    private let onCycleEnd: @Sendable () -> Void
    private let metrics: DaemonMetrics?

    struct LoopState {
        var nextCycle = ContinuousClock.now
        var cycleRunning: Task<Void, Never>?
        var wakeRequested = false
        var stopped = false
        var started = false
        var health: [String: AccountHealth] = [:]
        var eventsFetchedAt: [String: Date] = [:]
        var modelsRefreshedAt: Date?
        var lastCycleEnded: Date?
        var cycles = 0
        /// When the running (or last) cycle started, and the one before it.
        var cycleStarted: ContinuousClock.Instant?
        /// The time between the last two cycle starts: the interval the loop really keeps.
        var measuredInterval: Duration?
        /// The interval the schedule chose after the last cycle.
        var scheduledInterval: Duration?
    }

    public init(
        store: JobStore, accounts: [(AccountConfiguration, OpenAIClient)], schedule: PollSchedule,
        maxInterval: Duration, reporter: TransitionReporter, feed: JobFeed, watchdog: WatchdogDriver?,
        logger: Logger, metrics: DaemonMetrics? = nil,
        onCycleEnd: @escaping @Sendable () -> Void = {}
    ) {
        self.metrics = metrics
        self.store = store
        self.schedule = schedule
        self.maxInterval = maxInterval
        self.reporter = reporter
        self.feed = feed
        self.watchdog = watchdog
        self.logger = logger
        self.onCycleEnd = onCycleEnd
        let heartbeat: @Sendable () -> Void = { [watchdog] in watchdog?.heartbeat() }
        self.accounts = accounts.map { config, client in
            AccountPoller(account: config, client: client, store: store, schedule: schedule, progress: heartbeat)
        }
        var initial = LoopState()
        for (config, _) in accounts { initial.health[config.name] = AccountHealth() }
        self.state = Mutex(initial)
        self.timer = DispatchSource.makeTimerSource(queue: queue)
    }

    deinit {
        // libdispatch aborts when a source is released suspended: a loop built but never started
        // (the daemon's start failed after it) must be resumed once, after its cancel.
        timer.cancel()
        if !state.withLock({ $0.started }) { timer.resume() }
    }

    /// Starts ticking; the first cycle runs at once.
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        timer.schedule(deadline: .now(), repeating: .milliseconds(200), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
    }

    /// Asks for a cycle as soon as possible (after a submit, a track, a new watcher).
    public func pollNow() {
        state.withLock { $0.wakeRequested = true }
    }

    /// Stops ticking and cancels a running cycle, waiting for it to wind down. What a cancelled
    /// cycle already stored stays stored; nothing is half-written (each job is one transaction).
    public func stop() async {
        let running = state.withLock { state -> Task<Void, Never>? in
            state.stopped = true
            return state.cycleRunning
        }
        timer.cancel()
        running?.cancel()
        await running?.value
    }

    /// What the status line and `Service.Status` report.
    public struct Status: Sendable {
        public var health: [String: AccountHealth]
        public var lastCycleEnded: Date?
        public var nextCycleIn: Duration
        public var cycles: Int
        public var cycleRunning: Bool
        /// The time between the last two cycle starts, as measured.
        public var measuredInterval: Duration?
        /// The interval the schedule chose for the next cycle (start to start).
        public var scheduledInterval: Duration?
        /// Accounts with `AdoptAllJobs=` whose walk through the job history has not finished.
        public var adoption: [String: AdoptionProgress]
    }

    public var status: Status {
        let adoption = adoptionProgress()
        return state.withLock { state in
            let now = ContinuousClock.now
            return Status(
                health: state.health, lastCycleEnded: state.lastCycleEnded,
                nextCycleIn: state.nextCycle > now ? state.nextCycle - now : .zero, cycles: state.cycles,
                cycleRunning: state.cycleRunning != nil, measuredInterval: state.measuredInterval,
                scheduledInterval: state.scheduledInterval, adoption: adoption.filter { !$0.value.isComplete })
        }
    }

    // MARK: The loop

    private func tick() {
        state.withLock { state in
            guard !state.stopped, state.cycleRunning == nil else { return }
            guard state.wakeRequested || ContinuousClock.now >= state.nextCycle else { return }
            state.wakeRequested = false
            watchdog?.heartbeat()
            let started = ContinuousClock.now
            if let previous = state.cycleStarted { state.measuredInterval = started - previous }
            state.cycleStarted = started
            // Stored under the same lock that started it: the cycle's own end (which clears it,
            // under this lock) cannot come first, however fast the cycle is.
            state.cycleRunning = Task { [self] in await runCycle() }
        }
    }

    private func runCycle() async {
        let started = ContinuousClock.now
        let now = Date()
        let fetchedAt = state.withLock { $0.eventsFetchedAt }
        let results = await withTaskGroup(of: (String, AccountPoller.Result).self) { group in
            for account in accounts {
                group.addTask { (account.account.name, await account.cycle(now: now, eventsFetchedAt: fetchedAt)) }
            }
            var results: [(String, AccountPoller.Result)] = []
            for await result in group { results.append(result) }
            return results
        }
        for (name, result) in results { absorb(result, account: name, at: now) }
        if let metrics {
            for account in accounts {
                let error = results.first { $0.0 == account.account.name }?.1.error
                metrics.accountPolled(
                    account: account.account.name, succeeded: error == nil, cycleStartedAt: now,
                    backoff: await account.client.backoffRemaining)
            }
        }
        await refreshModelsIfDue(now: now)
        metrics?.pollCycleFinished(duration: ContinuousClock.now - started)
        finishCycle(at: now)
    }

    private func absorb(_ result: AccountPoller.Result, account: String, at now: Date) {
        for applied in result.applied {
            guard let job = result.stored[applied.jobID] else { continue }
            reporter.report(applied, job: job)
            if applied.statusChanged || !applied.insertedEvents.isEmpty {
                feed.publish(.init(job: job, newEvents: applied.insertedEvents))
            }
        }
        for id in result.vanished {
            logger.warning("job \(id) is no longer known to the API (404); no longer tracking it",
                           metadata: [JournalMetadataKey.job: .string(id), JournalMetadataKey.account: .string(account)])
        }
        for duplicate in result.duplicatesCancelled {
            logger.warning(
                "job \(duplicate.jobID) is a second job of submission \(duplicate.submissionID) (a create that landed late); cancelled it",
                metadata: [JournalMetadataKey.job: .string(duplicate.jobID), JournalMetadataKey.account: .string(account)])
        }
        if result.adopted > 0 {
            logger.info("account \(account): adopted \(result.adopted) jobs this cycle",
                        metadata: [JournalMetadataKey.account: .string(account)])
        }
        state.withLock { state in
            var health = state.health[account] ?? AccountHealth()
            health.lastPoll = now
            health.lastPollRequests = result.requests
            if let failure = result.error, failure.isCancellation {
                // The loop is stopping (or reloading): nothing to say about the account.
            } else if let failure = result.error {
                let wasState = health.state
                health.record(failure, at: now)
                if wasState != health.state {
                    logger.warning("account \(account): \(health.state.rawValue): \(failure)",
                                   metadata: [JournalMetadataKey.account: .string(account)])
                }
            } else {
                if health.state != .ok && health.state != .unknown {
                    logger.notice("account \(account): API reachable again", metadata: [JournalMetadataKey.account: .string(account)])
                }
                health.recordSuccess(at: now)
            }
            state.health[account] = health
            for id in result.eventsFetched { state.eventsFetchedAt[id] = now }
        }
    }

    /// Each adopting account's walk, read from the store (it moves page by page, mid-cycle).
    private func adoptionProgress() -> [String: AdoptionProgress] {
        var progress: [String: AdoptionProgress] = [:]
        for account in accounts where account.account.adoptAllJobs {
            if let state = try? store.accountState(account.account.name) { progress[account.account.name] = state.adoption }
        }
        return progress
    }

    private func refreshModelsIfDue(now: Date) async {
        let due = state.withLock { state in
            state.modelsRefreshedAt.map { now.timeIntervalSince($0) >= 86_400 } ?? true
        }
        guard due else { return }
        var allSucceeded = true
        for account in accounts {
            do {
                try await account.refreshModels()
            } catch {
                allSucceeded = false
                logger.debug("model refresh for \(account.account.name) failed: \(error)")
            }
        }
        if allSucceeded { state.withLock { $0.modelsRefreshedAt = now } }
    }

    /// Schedules the next cycle one interval after this one *started*, so that cycles keep their
    /// interval however long each takes (a cycle longer than the interval is followed at once).
    private func finishCycle(at now: Date) {
        let interval = nextInterval()
        let started = state.withLock { $0.cycleStarted } ?? ContinuousClock.now
        let due = max(started + interval, ContinuousClock.now)
        state.withLock { state in
            state.cycleRunning = nil
            state.scheduledInterval = interval
            state.nextCycle = due
            state.lastCycleEnded = Date()
            state.cycles += 1
        }
        watchdog?.willSleep(until: due)
        onCycleEnd()
    }

    /// The schedule's interval for the unfinished jobs, stretched while an account backs off.
    private func nextInterval() -> Duration {
        let active = (try? store.activeScheduleFacts()) ?? (statuses: [], anyWatched: false)
        var interval = schedule.nextCycle(
            statuses: active.statuses.map { OpenAIFineTuning.JobStatus(rawValue: $0.rawValue) },
            anyWatched: active.anyWatched)
        let health = state.withLock { $0.health }
        if health.values.contains(where: { $0.state == .backingOff || $0.state == .unreachable }) {
            let failures = health.values.filter { $0.state != .ok }.count
            interval = min(maxInterval, max(interval, .seconds(5 * failures)))
        }
        return min(interval, maxInterval)
    }
}
