import OpenAIFineTuning

extension PollSchedule {
    /// The interval from this cycle's start to the next one's: the schedule's interval for the
    /// unfinished jobs, stretched to 5 s per failing account while any account backs off or is
    /// unreachable, and never beyond `maxInterval`.
    public func interval(
        statuses: [JobStatus], anyWatched: Bool, accounts: [AccountHealth.State], maxInterval: Duration
    ) -> Duration {
        var interval = nextCycle(statuses: statuses, anyWatched: anyWatched)
        if accounts.contains(where: { $0 == .backingOff || $0 == .unreachable }) {
            let failures = accounts.filter { $0 != .ok }.count
            interval = min(maxInterval, max(interval, .seconds(5 * failures)))
        }
        return min(interval, maxInterval)
    }

    /// When the poll loop runs its cycles: a pure value, driven by the instants it is given (the
    /// loop passes its clock's `now`; tests pass any instants they like, without sleeping).
    ///
    /// - The first cycle is due at once.
    /// - A wake-up (`wake()`: a watch, a submit, a reload) makes a cycle due at once; one that
    ///   comes while a cycle runs makes the next cycle due as soon as that one ends.
    /// - The next cycle is due one interval after this one *started*, so cycles keep their
    ///   interval however long each takes; a cycle longer than the interval is followed at once.
    /// - Never two cycles at a time.
    public struct Timetable: Sendable, Equatable {
        public typealias Instant = ContinuousClock.Instant

        /// When the next cycle is due (unless woken earlier).
        public private(set) var due: Instant
        public private(set) var wakeRequested = false
        public private(set) var cycleRunning = false
        /// When the running (or last) cycle started.
        public private(set) var cycleStarted: Instant?
        /// The time between the last two cycle starts: the interval the loop really keeps.
        public private(set) var measuredInterval: Duration?
        /// The interval the schedule chose after the last cycle.
        public private(set) var scheduledInterval: Duration?
        public private(set) var cycles = 0

        public init(start: Instant) { due = start }

        /// Whether a cycle should start at `now`.
        public func isDue(at now: Instant) -> Bool {
            !cycleRunning && (wakeRequested || now >= due)
        }

        /// How long the loop may sleep from `now` before a cycle is due; zero when one is due.
        /// Meaningless while a cycle runs (the loop does not sleep then).
        public func wait(at now: Instant) -> Duration {
            isDue(at: now) ? .zero : due - now
        }

        /// The instant the loop sleeps until (for the watchdog): `now` when woken.
        public func nextStart(at now: Instant) -> Instant {
            wakeRequested ? now : max(due, now)
        }

        public mutating func wake() { wakeRequested = true }

        /// A cycle starts at `now`; the wake-up that asked for it is served.
        public mutating func beginCycle(at now: Instant) {
            precondition(!cycleRunning, "two poll cycles at a time")
            wakeRequested = false
            cycleRunning = true
            if let previous = cycleStarted { measuredInterval = now - previous }
            cycleStarted = now
        }

        /// The cycle ended at `now`, and the schedule chose `interval`: the next is due one
        /// interval after this one started, or at once if that has passed.
        /// - Returns: when the next cycle is due.
        @discardableResult
        public mutating func endCycle(at now: Instant, interval: Duration) -> Instant {
            cycleRunning = false
            scheduledInterval = interval
            cycles += 1
            due = max((cycleStarted ?? now) + interval, now)
            return due
        }
    }
}
