import JobStore

/// Follows one job's events for `Jobs.Events` with `more`: every event once, in the store's
/// order, however the feed's deliveries come.
///
/// The feed says *that* the job has new events; the store says *which*: on a change of the job
/// that stored events, and on `.missed` (the subscription overflowed), the follower reads the
/// events stored after the last one it handed out. So a change published late (a poll cycle
/// publishes after storing a whole account, a job action in between may publish first), or one
/// dropped by the feed, never loses or repeats an event.
struct EventsFollower {
    let store: JobStore
    let jobID: String
    /// The store sequence of the last event handed out.
    private(set) var lastSequence: Int64

    /// What to send after one delivery.
    struct Step: Equatable {
        var events: [EventRecord]
        var status: JobStatus
        var ended: Bool
    }

    /// Starts after the event with store sequence `lastSequence` (0: from the first).
    init(store: JobStore, jobID: String, after lastSequence: Int64) {
        self.store = store
        self.jobID = jobID
        self.lastSequence = lastSequence
    }

    /// Reads the history a follow starts with (at most `limit` events after the event `after`, nil:
    /// from the first) and the follower that carries it on: with every event stored after that
    /// read, but not with those the limit left out of it.
    static func start(
        store: JobStore, jobID: String, after: String?, limit: Int
    ) throws -> (history: [EventRecord], follower: EventsFollower) {
        // Read before the history: an event stored in between is followed, never skipped.
        let newest = try store.latestEvents(jobID: jobID, limit: 1).last?.sequence ?? 0
        let history = try store.events(jobID: jobID, afterEventID: after, limit: limit)
        var start = try history.last?.sequence ?? after.map { try store.eventSequence(jobID: jobID, eventID: $0) } ?? 0
        if history.count >= limit { start = max(start, newest) }
        return (history, EventsFollower(store: store, jobID: jobID, after: start))
    }

    /// The events to send for `delivery`, and the job's status; nil when the delivery is not
    /// about this job.
    mutating func take(_ delivery: JobFeed.Delivery) throws -> Step? {
        switch delivery {
        case .change(let change):
            guard change.job.id == jobID else { return nil }
            // At the end, whatever is stored: a change with events may come after the one that
            // ended the job (see above).
            let events = change.newEvents.isEmpty && !change.job.isTerminal ? [] : try unseenEvents()
            return Step(events: events, status: change.job.status, ended: change.job.isTerminal)
        case .missed:
            guard let job = try store.job(id: jobID) else { throw JobStoreError.notFound(.job, id: jobID) }
            return Step(events: try unseenEvents(), status: job.status, ended: job.isTerminal)
        }
    }

    /// The events stored after `lastSequence`, oldest first, all pages of them.
    private mutating func unseenEvents() throws -> [EventRecord] {
        var events: [EventRecord] = []
        while true {
            let page = try store.events(jobID: jobID, afterSequence: lastSequence, limit: 1000)
            events += page
            lastSequence = page.last?.sequence ?? lastSequence
            if page.count < 1000 { return events }
        }
    }
}
