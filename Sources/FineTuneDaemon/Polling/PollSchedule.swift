import FoundationEssentials
import OpenAIFineTuning

/// How often to look at jobs. The cycle runs at the fastest interval any tracked job needs; within
/// a cycle, a job's events are fetched only when it changed, when someone watches it, or when its
/// own events interval has passed, so 1,000 quietly running jobs cost about ten list pages a
/// cycle rather than a thousand event requests.
public struct PollSchedule: Sendable, Equatable {
    /// The cycle while some job is validating or queued.
    public var active: Duration
    /// The cycle while jobs only run (their progress shows in events, not in the list).
    public var running: Duration
    /// The cycle while someone watches a job over the control socket.
    public var watched: Duration
    /// The cycle when no tracked job is unfinished (for adopting new jobs, if configured).
    public var idle: Duration
    /// How often a running job's events are fetched when nothing else calls for it.
    public var runningEvents: Duration
    /// At most this many such background refreshes per account and cycle (the stalest first),
    /// so a thousand quiet jobs cost about ten list pages and this many event requests a cycle.
    /// Changed and watched jobs are not counted: their events are always fetched.
    public var backgroundRefreshesPerCycle: Int

    public init(
        active: Duration = .seconds(30), running: Duration = .seconds(60), watched: Duration = .seconds(5),
        idle: Duration = .seconds(300), runningEvents: Duration = .seconds(120), backgroundRefreshesPerCycle: Int = 10
    ) {
        self.active = active
        self.running = running
        self.watched = watched
        self.idle = idle
        self.runningEvents = runningEvents
        self.backgroundRefreshesPerCycle = backgroundRefreshesPerCycle
    }

    /// The interval until the next cycle, given the statuses of the unfinished jobs.
    public func nextCycle(statuses: [JobStatus], anyWatched: Bool) -> Duration {
        if anyWatched { return watched }
        if statuses.contains(where: { $0 == .validatingFiles || $0 == .queued }) { return active }
        if statuses.contains(where: { !$0.isTerminal }) { return running }
        return idle
    }

    /// Why a job's events would be fetched in this cycle.
    public enum EventsNeed: Equatable, Sendable {
        /// Not now.
        case none
        /// Always: the job changed or someone watches it.
        case required
        /// A background refresh of a quiet running job, within the cycle's budget.
        case refresh
    }

    /// Whether (and why) a job's events should be fetched in this cycle.
    public func eventsNeed(change: JobChange, watched: Bool, lastFetched: Date?, now: Date) -> EventsNeed {
        if change.statusChanged || change.detailsChanged || watched { return .required }
        guard change.status == .running || change.status == .paused else { return .none }
        guard let lastFetched else { return .refresh }
        return now.timeIntervalSince(lastFetched) >= runningEvents.seconds ? .refresh : .none
    }

    /// Of the jobs due a background refresh, those this cycle's budget allows: the stalest first
    /// (never fetched before anything else).
    public func refreshesAllowed(_ due: [(id: String, lastFetched: Date?)]) -> Set<String> {
        var choice = RefreshChoice(budget: backgroundRefreshesPerCycle)
        for job in due { choice.offer(id: job.id, lastFetched: job.lastFetched) }
        return choice.chosen
    }

    /// `refreshesAllowed` one job at a time: keeps only the `budget` stalest jobs offered so far
    /// (never fetched before anything else), so a cycle picks them while reading the tracked jobs
    /// without collecting every one that is due.
    public struct RefreshChoice: Sendable {
        public let budget: Int
        /// The stalest so far, stalest first.
        private var kept: [(id: String, lastFetched: Date)] = []

        public init(budget: Int) { self.budget = max(0, budget) }

        public mutating func offer(id: String, lastFetched: Date?) {
            let staleness = lastFetched ?? .distantPast
            guard budget > 0, kept.count < budget || staleness < kept[kept.count - 1].lastFetched else { return }
            let position = kept.firstIndex { staleness < $0.lastFetched } ?? kept.count
            kept.insert((id, staleness), at: position)
            if kept.count > budget { kept.removeLast() }
        }

        public var chosen: Set<String> { Set(kept.map(\.id)) }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
