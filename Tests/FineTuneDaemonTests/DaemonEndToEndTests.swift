@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// The daemon against the simulator over loopback: jobs tracked to their true ends, stored with
/// their history; restarts; faults.
@Suite(.serialized) struct DaemonEndToEndTests {
    @Test func trackedJobsEndSucceededFailedAndCancelledWithTheirHistoryStored() async throws {
        try await withDaemon(timeScale: 100) { fixture in
            let good = try await fixture.createJobElsewhere()
            let bad = try await fixture.createJobElsewhere(badLine: 4)
            let long = try await fixture.createJobElsewhere(epochs: 50)
            let daemon = try await fixture.startDaemon()
            for id in [good, bad, long] { _ = try await daemon.track(jobID: id, account: nil) }

            let succeeded = try await fixture.waitForStoredJob(good) { $0.isTerminal }
            #expect(succeeded.status == .succeeded)
            let model = try #require(succeeded.fineTunedModel)
            let apiEvents = try await fixture.withClient { try await $0.allEvents(jobID: good).collect() }
            let stored = try daemon.store.events(jobID: good, afterSequence: 0, limit: 10_000)
            #expect(stored.map(\.id) == apiEvents.reversed().map(\.id), "every event, once, oldest first")
            #expect(try daemon.store.metrics(jobID: good).count == 96, "one point per step (results CSV)")
            #expect(try daemon.store.checkpoints(jobID: good).map(\.stepNumber).sorted() == [72, 84, 96])
            let storedModel = try #require(try daemon.store.model(id: model))
            #expect(storedModel.jobID == good && storedModel.baseModel == "gpt-4o-mini-2024-07-18")

            let failed = try await fixture.waitForStoredJob(bad) { $0.isTerminal }
            #expect(failed.status == .failed)
            #expect(failed.failure?.code == "invalid_training_file")
            #expect(failed.failure?.message?.contains("Line 4") == true)

            _ = try await fixture.waitForStoredJob(long) { $0.status == .running }
            _ = try await fixture.withClient { try await $0.cancelJob(long) }
            let cancelled = try await fixture.waitForStoredJob(long) { $0.isTerminal }
            #expect(cancelled.status == .cancelled)
            #expect(try daemon.store.trackedNonTerminalJobs().isEmpty)

            // Terminal jobs are never polled again: a whole cycle that starts after this point
            // asks nothing about them.
            let before =
                fixture.simulator.requestCounts()["GET /fine_tuning/jobs/{id}", default: 0]
                + fixture.simulator.requestCounts()["GET /fine_tuning/jobs", default: 0]
            try await Self.aWholePollCycle(of: try #require(daemon.poller))
            let after =
                fixture.simulator.requestCounts()["GET /fine_tuning/jobs/{id}", default: 0]
                + fixture.simulator.requestCounts()["GET /fine_tuning/jobs", default: 0]
            #expect(after == before)
        }
    }

    @Test func trackingAJobThatAlreadyEndedStoresItsWholeHistory() async throws {
        try await withDaemon(timeScale: 100) { fixture in
            let id = try await fixture.createJobElsewhere()
            let ended = try await fixture.withClient { client in
                var job = try await client.retrieveJob(id)
                while !job.status.isTerminal {
                    try await Task.sleep(for: .milliseconds(100))
                    job = try await client.retrieveJob(id)
                }
                return job
            }
            #expect(ended.status == .succeeded)
            let daemon = try await fixture.startDaemon()
            let tracked = try await daemon.track(jobID: id, account: nil)
            // Ended jobs are never polled: everything comes with the track itself.
            #expect(tracked.status == .succeeded && tracked.isTracked)
            let apiEvents = try await fixture.withClient { try await $0.allEvents(jobID: id).collect() }
            #expect(try daemon.store.events(jobID: id, afterSequence: 0, limit: 10_000).count == apiEvents.count)
            #expect(try daemon.store.checkpoints(jobID: id).count == 3)
            #expect(try daemon.store.metrics(jobID: id).count == 96)
            #expect(try daemon.store.model(id: try #require(tracked.fineTunedModel))?.jobID == id)
        }
    }

    @Test func aRestartedDaemonContinuesWithoutRefetchingHistory() async throws {
        try await withDaemon(timeScale: 50) { fixture in
            // 12 examples × 30 epochs = 360 steps: about 130 events, more than one page of 100.
            let id = try await fixture.createJobElsewhere(epochs: 30)
            let first = try await fixture.startDaemon()
            _ = try await first.track(jobID: id, account: nil)
            _ = try await fixture.waitForStoredJob(id) { _ in
                (try? first.store.events(jobID: id, afterSequence: 0, limit: 1000).count) ?? 0 >= 40
            }
            try await fixture.stopDaemon()
            let restartedAt = Date().timeIntervalSince1970

            let second = try await fixture.startDaemon()
            let done = try await fixture.waitForStoredJob(id, timeout: .seconds(60)) { $0.isTerminal }
            #expect(done.status == .succeeded)
            // After the restart every events fetch stopped on its first page, at the last stored id:
            // none needed an `after` cursor, which reading the history again would have.
            let eventFetches = fixture.simulator.requestLog().filter {
                $0.endpoint == "GET /fine_tuning/jobs/{id}/events" && $0.receivedAt > restartedAt
            }
            let apiEvents = try await fixture.withClient { try await $0.allEvents(jobID: id).collect() }
            #expect(apiEvents.count > 100)
            let stored = try second.store.events(jobID: id, afterSequence: 0, limit: 10_000)
            #expect(stored.map(\.id) == apiEvents.reversed().map(\.id))
            #expect(!eventFetches.isEmpty)
            #expect(eventFetches.allSatisfy { $0.query["after"] == nil })
        }
    }

    @Test func withFaultsEveryJobStillReachesItsTrueEndAndRetryAfterIsHonoured() async throws {
        try await withDaemon(timeScale: 100) { fixture in
            let good = try await fixture.createJobElsewhere()
            let bad = try await fixture.createJobElsewhere(badLine: 2)
            let daemon = try await fixture.startDaemon()
            for id in [good, bad] { _ = try await daemon.track(jobID: id, account: nil) }
            fixture.simulator.setFaults(
                FaultPlan(
                    seed: 42,
                    rules: [
                        .init(kind: .status, probability: 0.08, status: 429, retryAfterMs: 400),
                        .init(kind: .status, probability: 0.06, status: 500),
                        .init(kind: .status, probability: 0.06, status: 503, retryAfter: 1),
                        .init(kind: .drop, probability: 0.05),
                        .init(kind: .truncate, probability: 0.05),
                        .init(kind: .slow, probability: 0.05, delayMs: 300),
                    ]))
            let succeeded = try await fixture.waitForStoredJob(good, timeout: .seconds(60)) { $0.isTerminal }
            let failed = try await fixture.waitForStoredJob(bad, timeout: .seconds(60)) { $0.isTerminal }
            #expect(succeeded.status == .succeeded && succeeded.fineTunedModel != nil)
            #expect(failed.status == .failed && failed.failure?.code == "invalid_training_file")
            let apiEvents = try await fixture.withClient { client in
                fixture.simulator.setFaults(.init())
                return try await client.allEvents(jobID: good).collect()
            }
            #expect(try daemon.store.events(jobID: good, afterSequence: 0, limit: 10_000).count == apiEvents.count)

            let log = fixture.simulator.requestLog()
            #expect(log.contains { $0.fault != nil }, "faults were injected")
            // The poller asks one request at a time, so after an announced wait the next request of
            // the account must not arrive before the wait is over.
            for (index, record) in log.enumerated() {
                guard let wait = record.announcedWait, index + 1 < log.count else { continue }
                #expect(
                    log[index + 1].receivedAt - record.receivedAt >= wait - 0.01,
                    "request after \(record.endpoint) (\(record.status), wait \(wait)) came too early")
            }
        }
    }

    /// Returns once a poll cycle that started after the call has ended (asking for one with
    /// `pollNow()`); throws if none ends within `timeout`, so a loop that stopped cycling fails
    /// the test instead of passing it.
    static func aWholePollCycle(of poller: Poller, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        var status = poller.status
        while status.cycleRunning {
            guard ContinuousClock.now < deadline else { throw FixtureError("a poll cycle never ended") }
            try await Task.sleep(for: .milliseconds(10))
            status = poller.status
        }
        let ended = status.cycles
        poller.pollNow()
        while poller.status.cycles <= ended {
            guard ContinuousClock.now < deadline else { throw FixtureError("no poll cycle ran after pollNow()") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
