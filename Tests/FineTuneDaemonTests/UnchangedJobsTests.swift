@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import Testing
import Varlink

/// A poll cycle writes only the jobs that changed; what a user reads stays true.
@Suite(.serialized) struct UnchangedJobsTests {
    @Test func aRunningJobThatDidNotChangeIsNotWrittenAndGetStillSaysWhenItWasLastPolled() async throws {
        // Slow enough that the job is still running after a few one-second cycles; with no
        // background refreshes, its new training events are not fetched either, so a write
        // could only come from the poll itself.
        try await withDaemon(timeScale: 10, extraConfig: "BackgroundRefreshesPerCycle=0") { fixture in
            let id = try await fixture.createJobElsewhere(epochs: 50)
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            _ = try await fixture.waitForStoredJob(id) { $0.status == .running }
            // One whole cycle after the job was stored running: its events are fetched, it is quiet.
            let settled = try #require(daemon.poller?.status.cycles) + 2
            try await waitUntil { (daemon.poller?.status.cycles ?? 0) >= settled }
            let before = try #require(try daemon.store.job(id: id))
            let cyclesBefore = try #require(daemon.poller?.status.cycles)
            try await waitUntil { (daemon.poller?.status.cycles ?? 0) >= cyclesBefore + 3 }
            let after = try #require(try daemon.store.job(id: id))
            #expect(after.status == .running, "the job must still be running for this test to mean anything")
            #expect(
                after.updatedAt == before.updatedAt && after.lastPolledAt == before.lastPolledAt,
                "three cycles wrote nothing")

            let lastSuccess = try #require(daemon.poller?.status.health["sim"]?.lastSuccess)
            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            let reply = try await client.call("io.finetuned.Jobs.Get", parameters: ["id": .string(id)])
            await client.close()
            let polled = try #require(reply["job"]?["last_polled_at"]?.integerValue)
            #expect(polled == Int64(lastSuccess.timeIntervalSince1970), "Get says the last cycle that saw it")
            #expect(polled > (before.lastPolledAt ?? 0))
        }
    }
}
