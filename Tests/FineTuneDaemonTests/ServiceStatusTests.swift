@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import Testing

/// What `Service.Status` and STATUS= say about back-off and a refused reload.
@Suite(.serialized) struct ServiceStatusTests {
    @Test func theBackOffThatRemainsIsTheLongerOfTheGateAndTheStretchedWait() {
        var backingOff = AccountHealth()
        backingOff.state = .backingOff
        // The gate has reopened, but the next cycle is 4 s away: the account still waits 4 s.
        #expect(ServiceInterface.backoffRemaining(health: backingOff, gate: .zero, nextCycle: .seconds(4)) == 4)
        #expect(ServiceInterface.backoffRemaining(health: backingOff, gate: .seconds(30), nextCycle: .seconds(4)) == 30)
        var unreachable = AccountHealth()
        unreachable.state = .unreachable
        #expect(ServiceInterface.backoffRemaining(health: unreachable, gate: .zero, nextCycle: .seconds(2)) == 2)
        // A healthy account's next cycle is not a back-off.
        var ok = AccountHealth()
        ok.state = .ok
        #expect(ServiceInterface.backoffRemaining(health: ok, gate: .zero, nextCycle: .seconds(60)) == 0)
    }

    @Test func aRefusedReloadIsInSTATUSWithItsFileAndLineUntilAReloadSucceeds() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            let good = fixture.config
            try good.replacingOccurrences(of: "PollInterval=1s", with: "PollInterval=soon")
                .write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            let line =
                try #require(
                    good.split(separator: "\n", omittingEmptySubsequences: false)
                        .firstIndex { $0.hasPrefix("PollInterval=") }) + 1
            await daemon.reload()
            let statuses = {
                fixture.notifications.all.flatMap { $0.text.split(separator: "\n") }.filter { $0.hasPrefix("STATUS=") }
            }
            // The datagram arrives on the recorder's thread: wait for it (as waitForStoredJob does).
            let deadline = ContinuousClock.now + .seconds(10)
            while !statuses().contains(where: { $0.contains("reload refused") }) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            let refused = statuses().last { $0.contains("reload refused") }
            #expect(refused?.contains("finetuned.conf:\(line)") == true, "\(statuses())")

            try good.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            await daemon.reload()
            #expect(!daemon.statusLine.contains("reload refused"), "\(daemon.statusLine)")
        }
    }
}
