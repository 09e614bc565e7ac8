@testable import FineTuneDaemon
import Foundation
import JobStore
import Testing

/// The feed that `Watch` and `Events --follow` read, the followers that turn its deliveries into
/// replies, and the in-memory watcher count. A real SQLite store; no daemon.
@Suite struct JobFeedTests {
    static func job(_ id: String, _ status: JobStatus = .running) -> JobRecord {
        JobRecord(id: id, account: "sim", status: status, model: "gpt-4o-mini", createdAt: 1_700_000_000)
    }

    /// Stores `count` new events of the job (and its status), then publishes the change, as the
    /// daemon's update sink does.
    @discardableResult
    static func storeAndPublish(
        _ store: JobStore, _ feed: JobFeed, job id: String, events count: Int, from first: Int,
        status: JobStatus = .running
    ) throws -> JobFeed.Change {
        let events = (first..<first + count).map {
            EventRecord(
                id: "ftevent-\($0)", jobID: id, createdAt: 1_700_000_000 + Int64($0), level: "info", message: "e\($0)")
        }
        let applied = try store.apply(PollUpdate(job: job(id, status), newEvents: events, polledAt: 1))
        let change = JobFeed.Change(job: try #require(try store.job(id: id)), newEvents: applied.insertedEvents)
        feed.publish(change)
        return change
    }

    @Test func aSubscriptionThatFallsBehindGetsWhatItHeldThenMissedOnceThenNewChanges() async throws {
        let feed = JobFeed(capacity: 3)
        var deliveries = feed.subscribe().makeAsyncIterator()
        for index in 0..<10 { feed.publish(.init(job: Self.job("ftjob-\(index)"), newEvents: [])) }
        #expect(feed.overflowCount == 1)
        var taken: [String] = []
        for _ in 0..<4 {
            switch await deliveries.next() {
            case .change(let change): taken.append(change.job.id)
            case .missed: taken.append("missed")
            case nil: taken.append("end")
            }
        }
        #expect(taken == ["ftjob-0", "ftjob-1", "ftjob-2", "missed"])
        feed.publish(.init(job: Self.job("ftjob-late"), newEvents: []))
        guard case .change(let late) = await deliveries.next() else {
            Issue.record("a change after the missed mark was not delivered")
            return
        }
        #expect(late.job.id == "ftjob-late")
        #expect(feed.overflowCount == 1)
    }

    @Test func aFollowerThatFallsFarBehindStillSeesEveryEventOnceInOrder() async throws {
        try await Self.withAsyncStore { store in
            let feed = JobFeed(capacity: 16)
            let changes = feed.subscribe()
            _ = try Self.storeAndPublish(store, feed, job: "ftjob-f", events: 2, from: 0)
            var (history, follower) = try EventsFollower.start(
                store: store, jobID: "ftjob-f", after: nil, limit: 10_000)
            // 200 changes of this job and others while the follower does not read: far more than
            // the subscription holds.
            for index in 0..<200 {
                try Self.storeAndPublish(store, feed, job: "ftjob-f", events: 3, from: 2 + index * 3)
                try Self.storeAndPublish(store, feed, job: "ftjob-other", events: 1, from: index)
            }
            try Self.storeAndPublish(store, feed, job: "ftjob-f", events: 1, from: 602, status: .succeeded)
            #expect(feed.overflowCount >= 1, "the test must overflow the subscription")
            feed.finish()  // what was held is still delivered; then the loop below ends

            var seen = history.map(\.id)
            var ended = false
            for await delivery in changes {
                guard let step = try follower.take(delivery) else { continue }
                seen += step.events.map(\.id)
                if step.ended {
                    ended = true
                    break
                }
            }
            #expect(ended)
            #expect(seen == (0...602).map { "ftevent-\($0)" }, "every event once, in order")
        }
    }

    @Test func aChangePublishedLateLosesNoEventAndRepeatsNone() async throws {
        try await Self.withAsyncStore { store in
            let feed = JobFeed()
            let changes = feed.subscribe()
            var follower = EventsFollower(store: store, jobID: "ftjob-f", after: 0)
            // A poll cycle stores events 0–1 but publishes at its end; a cancel stores event 2
            // and publishes first.
            let events = { (range: ClosedRange<Int>) in
                range.map {
                    EventRecord(
                        id: "ftevent-\($0)", jobID: "ftjob-f", createdAt: Int64($0), level: "info", message: "e")
                }
            }
            let cycle = try store.apply(PollUpdate(job: Self.job("ftjob-f"), newEvents: events(0...1), polledAt: 1))
            let cancel = try store.apply(
                PollUpdate(job: Self.job("ftjob-f", .cancelled), newEvents: events(2...2), polledAt: 2))
            feed.publish(.init(job: Self.job("ftjob-f", .cancelled), newEvents: cancel.insertedEvents))
            feed.publish(.init(job: Self.job("ftjob-f"), newEvents: cycle.insertedEvents))
            feed.finish()
            var seen: [String] = []
            for await delivery in changes {
                if let step = try follower.take(delivery) { seen += step.events.map(\.id) }
            }
            #expect(seen == ["ftevent-0", "ftevent-1", "ftevent-2"])
        }
    }

    @Test func theEndOfTheJobBringsEveryEventStoredBeforeIt() async throws {
        try await Self.withAsyncStore { store in
            let feed = JobFeed()
            let changes = feed.subscribe()
            var follower = EventsFollower(store: store, jobID: "ftjob-f", after: 0)
            // A poll cycle stored an event and will publish it at its end; a cancel without
            // events of its own ends the job and publishes first.
            let event = EventRecord(id: "ftevent-0", jobID: "ftjob-f", createdAt: 1, level: "info", message: "e")
            try store.apply(PollUpdate(job: Self.job("ftjob-f"), newEvents: [event], polledAt: 1))
            try store.apply(PollUpdate(job: Self.job("ftjob-f", .cancelled), polledAt: 2))
            feed.publish(.init(job: Self.job("ftjob-f", .cancelled), newEvents: []))
            let step = try await changes.first { _ in true }.flatMap { try follower.take($0) }
            #expect(step?.ended == true)
            #expect(step?.events.map(\.id) == ["ftevent-0"])
        }
    }

    @Test func aFollowAfterTheNewestEventMissesNoneStoredWhileItStarts() async throws {
        try await Self.withAsyncStore { store in
            let feed = JobFeed()
            let changes = feed.subscribe()
            try Self.storeAndPublish(store, feed, job: "ftjob-f", events: 3, from: 0)
            var (history, follower) = try EventsFollower.start(
                store: store, jobID: "ftjob-f", after: "ftevent-2", limit: 10_000)
            #expect(history.isEmpty)
            try Self.storeAndPublish(store, feed, job: "ftjob-f", events: 1, from: 3)
            feed.finish()
            for await delivery in changes {
                if let step = try follower.take(delivery) { history += step.events }
            }
            #expect(history.map(\.id) == ["ftevent-3"])
        }
    }

    @Test func aFollowWithALimitGetsThatManyStoredEventsThenOnlyNewOnes() async throws {
        try await Self.withAsyncStore { store in
            let feed = JobFeed()
            let changes = feed.subscribe()
            try Self.storeAndPublish(store, feed, job: "ftjob-f", events: 5, from: 0)
            var (history, follower) = try EventsFollower.start(store: store, jobID: "ftjob-f", after: nil, limit: 2)
            #expect(history.map(\.id) == ["ftevent-0", "ftevent-1"])
            try Self.storeAndPublish(store, feed, job: "ftjob-f", events: 1, from: 5)
            feed.finish()
            for await delivery in changes {
                if let step = try follower.take(delivery) { history += step.events }
            }
            #expect(history.map(\.id) == ["ftevent-0", "ftevent-1", "ftevent-5"])
        }
    }

    @Test func aWatchThatFallsBehindStillSeesTheLatestStateAndTheEndOfEveryJob() async throws {
        try await Self.withAsyncStore { store in
            let feed = JobFeed(capacity: 4)
            let changes = feed.subscribe()
            let start = ["ftjob-a", "ftjob-b"].map { Self.job($0, .queued) }
            try store.apply(start.map { PollUpdate(job: $0, polledAt: 1) })
            var follower = JobsFollower(store: store, jobs: start)
            for index in 0..<50 {
                try Self.storeAndPublish(store, feed, job: "ftjob-a", events: 1, from: index)
            }
            try Self.storeAndPublish(store, feed, job: "ftjob-a", events: 0, from: 0, status: .succeeded)
            try Self.storeAndPublish(store, feed, job: "ftjob-b", events: 1, from: 100, status: .failed)
            #expect(feed.overflowCount == 1)
            feed.finish()  // what was held is still delivered; then the loop below ends
            var handedOut: [JobRecord] = []
            for await delivery in changes {
                handedOut += try follower.take(delivery)
                if follower.isDone { break }
            }
            #expect(follower.isDone, "both ends were handed out")
            #expect(handedOut.last(where: { $0.id == "ftjob-a" })?.status == .succeeded)
            #expect(handedOut.last(where: { $0.id == "ftjob-b" })?.status == .failed)
        }
    }

    @Test func aJobStaysWatchedUntilItsLastWatcherLeaves() async throws {
        let watchers = Watchers()
        try await watchers.watching(["ftjob-1"]) {
            try await watchers.watching(["ftjob-1", "ftjob-2"]) {
                #expect(watchers.count(of: "ftjob-1") == 2 && watchers.count(of: "ftjob-2") == 1)
            }
            #expect(watchers.isWatched("ftjob-1"), "the second watcher left; the first one still watches")
            #expect(!watchers.isWatched("ftjob-2"))
        }
        #expect(watchers.watchedJobIDs.isEmpty)
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            try await watchers.watching(["ftjob-3"]) { throw Failure() }
        }
        #expect(!watchers.isWatched("ftjob-3"), "a watcher whose call failed is no longer counted")
    }

    /// A store in a fresh temporary directory, removed afterwards.
    static func withAsyncStore(_ body: (JobStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            try await body(try JobStore.open(path: directory + "/jobs.db"))
            try? FileManager.default.removeItem(atPath: directory)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }
}
