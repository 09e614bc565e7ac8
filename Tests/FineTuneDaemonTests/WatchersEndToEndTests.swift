import ControlProtocol
@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import Glibc
@testable import JobStore
import Testing

/// Watchers over the real control socket: counted per call in memory, and `Events --follow`
/// complete even when its follower falls far behind the feed.
@Suite(.serialized) struct WatchersEndToEndTests {
    @Test func whenOneOfTwoWatchersLeavesTheOtherKeepsTheWatchingCadence() async throws {
        try await withDaemon(timeScale: 100) { fixture in
            // Running and never changing: only a watcher makes its events fetched every cycle.
            let id = fixture.simulator.preloadJobs(count: 1, status: "running")[0]
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            let poller = try #require(daemon.poller)
            let eventFetches = { fixture.simulator.requestCounts()["GET /fine_tuning/jobs/{id}/events", default: 0] }
            let first = try await ControlClient.connect(to: fixture.socketPath)
            let second = try await ControlClient.connect(to: fixture.socketPath)
            let reader = try await ControlClient.connect(to: fixture.socketPath)
            try await withTearDown({
                for client in [first, second, reader] { await client.close() }
            }) {
                // Each Watch has answered with the job as it is: both calls are under way.
                var firstReplies = try first.callMore(ControlRequest.Jobs.Watch(ids: [id])).makeAsyncIterator()
                var secondReplies = try second.callMore(ControlRequest.Jobs.Watch(ids: [id])).makeAsyncIterator()
                _ = try await firstReplies.next()
                _ = try await secondReplies.next()
                #expect(daemon.feed.watchers.count(of: id) == 2)

                await first.close()
                try await Self.until("the first watcher's call ended") { daemon.feed.watchers.count(of: id) == 1 }
                var before = eventFetches()
                try await DaemonEndToEndTests.aWholePollCycle(of: poller)
                #expect(poller.status.scheduledInterval == .milliseconds(200), "WatchingPollInterval= still applies")
                #expect(eventFetches() > before, "the watched job's events are fetched every cycle")
                #expect(try await reader.job(id).watched)

                await second.close()
                try await Self.until("the second watcher's call ended") { !daemon.feed.watchers.isWatched(id) }
                try await DaemonEndToEndTests.aWholePollCycle(of: poller)  // decided while unwatched
                before = eventFetches()
                try await DaemonEndToEndTests.aWholePollCycle(of: poller)
                #expect(poller.status.scheduledInterval == .seconds(1), "back to PollInterval= with no watcher")
                #expect(eventFetches() == before, "an unwatched job that did not change: no events request")
                #expect(try await reader.job(id).watched == false)
            }
        }
    }

    @Test func aWatchedFlagLeftInTheDatabaseByACrashedDaemonWatchesNothing() async throws {
        try await withDaemon(timeScale: 100) { fixture in
            let id = try await fixture.createJobElsewhere(epochs: 50)
            fixture.simulator.forceOutcome(jobID: id, status: "running")
            var daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            try await fixture.stopDaemon()
            // What an older daemon that crashed while someone watched left behind.
            _ = try JobStore.open(path: fixture.databasePath).write { try $0.execute("UPDATE jobs SET watched = 1") }

            daemon = try await fixture.startDaemon()
            let poller = try #require(daemon.poller)
            try await DaemonEndToEndTests.aWholePollCycle(of: poller)
            #expect(poller.status.scheduledInterval == .seconds(1))
            let client = try await ControlClient.connect(to: fixture.socketPath)
            let watched = try await withTearDown({ await client.close() }) { try await client.job(id).watched }
            #expect(watched == false)
        }
    }

    @Test func eventsFollowSeesEveryEventOnceInOrderAfterFallingFarBehind() async throws {
        try await withDaemon(timeScale: 100) { fixture in
            let daemon = try await fixture.startDaemon()
            let id = "ftjob-followed"
            // Not tracked: the poller leaves it alone; the test is its only writer.
            var job = JobRecord(
                id: id, account: "sim", status: .running, model: "gpt-4o-mini", createdAt: 1_700_000_000,
                isTracked: false)
            let text = String(repeating: "x", count: 1000)
            func event(_ index: Int) -> EventRecord {
                EventRecord(
                    id: "ftevent-\(index)", jobID: id, createdAt: 1_700_000_000 + Int64(index), level: "info",
                    message: "step \(index) \(text)")
            }
            try daemon.store.apply(PollUpdate(job: job, newEvents: [event(0)], polledAt: 1))

            let follower = try SlowReader(path: fixture.socketPath)
            try follower.send(#"{"method":"io.finetuned.Jobs.Events","parameters":{"id":"\#(id)"},"more":true}"#)
            var received = try Self.eventIDs(follower.nextReply())
            #expect(received == ["ftevent-0"], "the history first")

            // The follower reads nothing meanwhile: its replies fill the socket, then the feed.
            let count = 3000
            for index in 1...count {
                if index == count { job.status = .succeeded }
                let applied = try daemon.store.apply(PollUpdate(job: job, newEvents: [event(index)], polledAt: 2))
                daemon.feed.publish(
                    .init(job: try #require(try daemon.store.job(id: id)), newEvents: applied.insertedEvents))
            }
            #expect(daemon.feed.overflowCount > 0, "the follower fell behind more than the feed holds")

            while true {
                let reply = try follower.nextReply()
                received += try Self.eventIDs(reply)
                if reply["continues"] as? Bool != true { break }
            }
            #expect(received.count == count + 1)
            #expect(received == (0...count).map { "ftevent-\($0)" }, "every event once, in order")
        }
    }

    /// The event ids of one `Events` reply; throws on an error reply.
    static func eventIDs(_ reply: [String: Any]) throws -> [String] {
        guard let parameters = reply["parameters"] as? [String: Any],
            let events = parameters["events"] as? [[String: Any]]
        else { throw FixtureError("not an Events reply: \(reply)") }
        return events.compactMap { $0["id"] as? String }
    }

    /// Waits for `condition` (checked every 10 ms), failing after 10 s.
    static func until(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw FixtureError("timed out waiting: \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A control-socket client that reads only when asked, with plain blocking calls: while it does
/// not read, the daemon's replies pile up in the socket and the daemon's sends wait.
final class SlowReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw FixtureError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes + [0])
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connected == 0 else {
            close(descriptor)
            throw FixtureError("connect \(path): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// Sends one message (the NUL terminator is added).
    func send(_ message: String) throws {
        let bytes = Array(message.utf8) + [0]
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else { throw FixtureError("write: errno \(errno)") }
            sent += result
        }
    }

    /// The next reply, parsed; throws when the daemon closes the connection or 30 s pass.
    func nextReply() throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let frame = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let reply = try JSONSerialization.jsonObject(with: frame) as? [String: Any] else {
                    throw FixtureError("a reply that is not an object")
                }
                return reply
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw FixtureError("read: \(count == 0 ? "connection closed" : "errno \(errno)")") }
            buffer += chunk[..<count]
        }
    }
}
