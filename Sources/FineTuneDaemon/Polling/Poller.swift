import DaemonMetrics
import Dispatch
import FoundationEssentials
import JobStore
import Logging
import OpenAIFineTuning
import Synchronization
import Systemd

/// The poll loop: one `DispatchSourceTimer`, armed for the moment the next cycle is due and
/// re-armed after each cycle and on each wake-up (`pollNow()`: a watch, a submit, a reload).
/// `run()` sleeps until the timer fires, then runs the cycle itself, so a cycle is a part of the
/// task that runs the loop (the poll service) and is cancelled and awaited with it. The timing
/// decisions are `PollSchedule.Timetable`'s, a pure value, fed by the injected clock.
///
/// A cycle polls every account concurrently, stores what it learned (one transaction per job),
/// hands each stored update to the `JobUpdateSink` (journal, watchers), and picks the next due
/// time from the schedule.
///
/// Watchdog: the loop tells the `WatchdogDriver` when it sleeps and until when, and reports
/// progress after every API answer while a cycle runs, so a loop stuck anywhere stops the
/// WATCHDOG=1 pings.
public final class Poller: Sendable {
    private let accounts: [AccountPoller]
    private let store: JobStore
    private let schedule: PollSchedule
    private let maxInterval: Duration
    private let sink: JobUpdateSink
    private let watchers: Watchers
    private let watchdog: WatchdogDriver?
    private let logger: Logger
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let queue = DispatchQueue(label: "finetuned.poller")
    private let state: Mutex<LoopState>
    /// Called at the end of every cycle (the daemon refreshes its STATUS= line).
    private let onCycleEnd: @Sendable () -> Void
    private let metrics: DaemonMetrics?

    struct LoopState {
        var timetable: PollSchedule.Timetable
        /// One-shot, re-armed for each due time; cancelled when the loop ends. Dispatch sources
        /// may be scheduled and cancelled from any thread; this lock keeps it `Sendable`.
        let timer: any DispatchSourceTimer
        /// The loop's sleep, resumed by the timer, a wake-up, `stop()` or cancellation.
        var sleeper: CheckedContinuation<Void, Never>?
        var phase = Phase.notStarted
        /// Those waiting in `stop()` for `run()` to end.
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var health: [String: AccountHealth] = [:]
        var eventsFetchedAt: [String: Date] = [:]
        var modelsRefreshedAt: Date?
        var lastCycleEnded: Date?
    }

    enum Phase { case notStarted, running, stopping, ended }

    public init(
        store: JobStore, accounts: [(AccountConfiguration, OpenAIClient)], schedule: PollSchedule,
        maxInterval: Duration, reporter: TransitionReporter, feed: JobFeed, watchdog: WatchdogDriver?,
        logger: Logger, metrics: DaemonMetrics? = nil,
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        onCycleEnd: @escaping @Sendable () -> Void = {}
    ) {
        self.metrics = metrics
        self.store = store
        self.schedule = schedule
        self.maxInterval = maxInterval
        self.sink = JobUpdateSink(store: store, reporter: reporter, feed: feed, wake: {})
        self.watchers = feed.watchers
        self.watchdog = watchdog
        self.logger = logger
        self.clock = clock
        self.onCycleEnd = onCycleEnd
        let heartbeat: @Sendable () -> Void = { [watchdog] in watchdog?.heartbeat() }
        self.accounts = accounts.map { config, client in
            AccountPoller(
                account: config, client: client, store: store, schedule: schedule, progress: heartbeat,
                watchedJobs: { [watchers = feed.watchers] in watchers.watchedJobIDs })
        }
        var initial = LoopState(
            timetable: PollSchedule.Timetable(start: clock()), timer: DispatchSource.makeTimerSource(queue: queue))
        for (config, _) in accounts { initial.health[config.name] = AccountHealth() }
        self.state = Mutex(initial)
        // Resumed at once (a source released while suspended aborts the process), armed for
        // nothing until the loop sleeps.
        state.withLock { state in
            state.timer.schedule(deadline: .distantFuture)
            state.timer.setEventHandler { [weak self] in self?.timerFired() }
            state.timer.resume()
        }
    }

    deinit {
        state.withLock { $0.timer.cancel() }
    }

    /// Runs the loop until the task is cancelled or `stop()` is called: the first cycle at once,
    /// each next one when the timetable says. A cancelled cycle stops at its next await; what it
    /// already stored stays stored (each job is one transaction).
    public func run() async {
        let proceed = state.withLock { state -> Bool in
            guard state.phase == .notStarted else { return false }
            state.phase = .running
            return true
        }
        guard proceed else { return }
        while await sleepUntilDue() {
            await runCycle()
        }
        let waiters = state.withLock { state in
            state.phase = .ended
            state.timer.cancel()
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Asks for a cycle as soon as possible (after a submit, a track, a new watcher).
    public func pollNow() {
        state.withLock { state in
            state.timetable.wake()
            arm(&state)
        }
    }

    /// Ends the loop (a reload replaces it): no new cycle starts, a running one is cancelled at
    /// its next await, and this returns when `run()` has returned (at once if it never ran).
    public func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (done, sleeper) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                switch state.phase {
                case .notStarted, .ended:
                    state.phase = .ended
                    return (true, nil)
                case .running, .stopping:
                    state.phase = .stopping
                    state.stopWaiters.append(continuation)
                    defer { state.sleeper = nil }
                    return (false, state.sleeper)
                }
            }
            sleeper?.resume()
            if done { continuation.resume() }
        }
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
        let now = clock()
        return state.withLock { state in
            let timetable = state.timetable
            return Status(
                health: state.health, lastCycleEnded: state.lastCycleEnded,
                nextCycleIn: timetable.cycleRunning ? .zero : timetable.wait(at: now), cycles: timetable.cycles,
                cycleRunning: timetable.cycleRunning, measuredInterval: timetable.measuredInterval,
                scheduledInterval: timetable.scheduledInterval, adoption: adoption.filter { !$0.value.isComplete })
        }
    }

    // MARK: The loop

    /// Sleeps until a cycle is due, then marks it begun. False when the loop is to end (`stop()`
    /// or cancellation) instead.
    private func sleepUntilDue() async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = clock()
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled || state.phase != .running || state.timetable.isDue(at: now) { return true }
                    state.sleeper = continuation
                    watchdog?.willSleep(until: state.timetable.nextStart(at: now))
                    arm(&state)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state in
                defer { state.sleeper = nil }
                return state.sleeper
            }?.resume()
        }
        let now = clock()
        return state.withLock { state in
            guard !Task.isCancelled, state.phase == .running, state.timetable.isDue(at: now) else { return false }
            state.timetable.beginCycle(at: now)
            watchdog?.heartbeat()
            return true
        }
    }

    /// Arms the timer for the timetable's due time (now, after a wake-up).
    private func arm(_ state: inout LoopState) {
        guard !state.timetable.cycleRunning else { return }
        let (seconds, attoseconds) = state.timetable.wait(at: clock()).components
        let nanoseconds = Int(
            clamping: seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000)
        state.timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), leeway: .milliseconds(20))
    }

    /// The timer fired: the sleeping loop wakes if a cycle is due, else the timer is re-armed.
    private func timerFired() {
        let now = clock()
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.sleeper != nil else { return nil }
            guard state.timetable.isDue(at: now) else {
                arm(&state)
                return nil
            }
            defer { state.sleeper = nil }
            return state.sleeper
        }?.resume()
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
            sink.stored(applied, job: job)
        }
        for id in result.vanished {
            logger.warning(
                "job \(id) is no longer known to the API (404); no longer tracking it",
                metadata: [JournalMetadataKey.job: .string(id), JournalMetadataKey.account: .string(account)])
        }
        for duplicate in result.duplicatesCancelled {
            logger.warning(
                "job \(duplicate.jobID) is a second job of submission \(duplicate.submissionID) (a create that landed late); cancelled it",
                metadata: [
                    JournalMetadataKey.job: .string(duplicate.jobID), JournalMetadataKey.account: .string(account),
                ])
        }
        if result.adopted > 0 {
            logger.info(
                "account \(account): adopted \(result.adopted) jobs this cycle",
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
                    logger.warning(
                        "account \(account): \(health.state.rawValue): \(failure)",
                        metadata: [JournalMetadataKey.account: .string(account)])
                }
            } else {
                if health.state != .ok && health.state != .unknown {
                    logger.notice(
                        "account \(account): API reachable again",
                        metadata: [JournalMetadataKey.account: .string(account)])
                }
                health.recordSuccess(at: now)
            }
            state.health[account] = health
            for id in result.eventsFetched { state.eventsFetchedAt[id] = now }
            // A job that ended or vanished is not polled again: forget when its events were read,
            // so that the map holds unfinished jobs only.
            for update in result.applied where update.status.isTerminal { state.eventsFetchedAt[update.jobID] = nil }
            for id in result.vanished { state.eventsFetchedAt[id] = nil }
        }
    }

    /// Each adopting account's walk, read from the store (it moves page by page, mid-cycle).
    private func adoptionProgress() -> [String: AdoptionProgress] {
        var progress: [String: AdoptionProgress] = [:]
        for account in accounts where account.account.adoptAllJobs {
            if let state = try? store.accountState(account.account.name) {
                progress[account.account.name] = state.adoption
            }
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

    /// Schedules the next cycle one interval after this one *started* (the timetable's rule).
    private func finishCycle(at now: Date) {
        let interval = nextInterval()
        let ended = clock()
        let due = state.withLock { state in
            state.lastCycleEnded = Date()
            return state.timetable.endCycle(at: ended, interval: interval)
        }
        watchdog?.willSleep(until: due)
        onCycleEnd()
    }

    /// The schedule's interval for the unfinished jobs (watched: one that someone watches now is
    /// tracked and unfinished) and the accounts' health.
    private func nextInterval() -> Duration {
        let active =
            (try? store.activeScheduleFacts(watching: watchers.watchedJobIDs)) ?? (statuses: [], anyWatched: false)
        let health = state.withLock { $0.health }
        return schedule.interval(
            statuses: active.statuses.map { OpenAIFineTuning.JobStatus(rawValue: $0.rawValue) },
            anyWatched: active.anyWatched, accounts: health.values.map(\.state), maxInterval: maxInterval)
    }
}
