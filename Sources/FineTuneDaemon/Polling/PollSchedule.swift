import Foundation
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

    public init(
        active: Duration = .seconds(30), running: Duration = .seconds(60), watched: Duration = .seconds(5),
        idle: Duration = .seconds(300), runningEvents: Duration = .seconds(120)
    ) {
        self.active = active
        self.running = running
        self.watched = watched
        self.idle = idle
        self.runningEvents = runningEvents
    }

    /// The interval until the next cycle, given the statuses of the unfinished jobs.
    public func nextCycle(statuses: [JobStatus], anyWatched: Bool) -> Duration {
        if anyWatched { return watched }
        if statuses.contains(where: { $0 == .validatingFiles || $0 == .queued }) { return active }
        if statuses.contains(where: { !$0.isTerminal }) { return running }
        return idle
    }

    /// Whether a job's events should be fetched in this cycle.
    public func wantsEvents(change: JobChange, watched: Bool, lastFetched: Date?, now: Date) -> Bool {
        if change.statusChanged || change.detailsChanged || watched { return true }
        guard change.status == .running || change.status == .paused else { return false }
        guard let lastFetched else { return true }
        return now.timeIntervalSince(lastFetched) >= runningEvents.seconds
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
