@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAISimulator
import Testing

/// What the daemon tells systemd, read from a fake NOTIFY_SOCKET.
@Suite(.serialized) struct DaemonSystemdTests {
    @Test func readyStatusWatchdogAndStoppingArriveInOrder() async throws {
        try await withDaemon(environment: ["WATCHDOG_USEC": "400000"]) { fixture in
            try await fixture.startDaemon()
            try await waitUntil { fixture.notifications.kinds.filter { $0 == "WATCHDOG" }.count >= 2 }
            try await fixture.stopDaemon()
            try await waitUntil { fixture.notifications.kinds.contains("STOPPING") }
            let kinds = fixture.notifications.kinds
            let ready = try #require(kinds.firstIndex(of: "READY"))
            let status = try #require(kinds.firstIndex(of: "STATUS"))
            let watchdog = try #require(kinds.firstIndex(of: "WATCHDOG"))
            let stopping = try #require(kinds.firstIndex(of: "STOPPING"))
            #expect(ready <= status && status < watchdog && watchdog < stopping)
            let statusText = fixture.notifications.all.first { $0.text.contains("STATUS=") }?.text ?? ""
            #expect(statusText.contains("STATUS=no unfinished jobs") || statusText.contains("STATUS=starting"))
        }
    }

    @Test func aBlockedPollLoopStarvesTheWatchdog() async throws {
        try await withDaemon(
            environment: ["WATCHDOG_USEC": "400000"], stallTimeout: .milliseconds(1500)
        ) { fixture in
            let id = try await fixture.createJobElsewhere(epochs: 50)
            let journal = JournalRecorder()
            var logger = journal.logger
            logger.logLevel = .debug
            fixture.logger = logger
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            try await waitUntil { fixture.notifications.kinds.filter { $0 == "WATCHDOG" }.count >= 2 }
            // Every list request now hangs for 8 s: the next poll cycle blocks inside it.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .slow, endpoint: "GET /fine_tuning/jobs", delayMs: 8_000)]))
            daemon.poller?.pollNow()
            try await waitUntil { fixture.simulator.requestLog().contains { $0.fault == "slow" } }
            let blockedAt = ContinuousClock.now
            // Five checks that withheld their ping: five chances to ping that were not taken.
            let withheld = { journal.entries.withLock { $0.filter { $0.message.hasPrefix("watchdog ping withheld") } } }
            try await waitUntil { withheld().count >= 5 }
            let pings = fixture.notifications.all.filter { $0.text.contains("WATCHDOG=1") }.map(\.at)
            let last = try #require(pings.last)
            #expect(last < blockedAt + .milliseconds(2100), "pings went on \(last - blockedAt) after the loop blocked")
            #expect(last > blockedAt - .seconds(1), "pings continued until the stall limit")
            #expect(withheld().allSatisfy { $0.message.contains("no progress") })
            #expect(
                journal.entries.withLock { $0.filter { $0.level == .critical }.count } == 1, "the stall logged once")
        }
    }

    @Test func aStopWhileARequestHangsEndsWithinFiveSeconds() async throws {
        try await withDaemon { fixture in
            let id = try await fixture.createJobElsewhere(epochs: 50)
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .slow, endpoint: "GET /fine_tuning/jobs", delayMs: 30_000)]))
            daemon.poller?.pollNow()
            try await waitUntil { fixture.simulator.requestLog().contains { $0.fault == "slow" } }
            let started = ContinuousClock.now
            try await fixture.stopDaemon()
            #expect(ContinuousClock.now - started < .seconds(5))
            try await waitUntil { fixture.notifications.kinds.contains("STOPPING") }
            // Nothing half-written: the store opens cleanly and still has the job.
            let store = try JobStore.open(path: fixture.databasePath)
            #expect(try store.job(id: id) != nil)
        }
    }

    @Test func aCleanStopLetsTheNextStartSkipTheIntegrityCheckOnce() async throws {
        try await withDaemon { fixture in
            let marker = CleanStopMarker(databasePath: fixture.databasePath)
            let first = try await fixture.startDaemon()
            #expect(first.store.opening.integrityChecked, "a first start reads every page")
            try await fixture.stopDaemon()
            #expect(FileManager.default.fileExists(atPath: marker.path))
            let second = try await fixture.startDaemon()
            #expect(second.store.opening == .init(previousStopWasClean: true, integrityChecked: false))
            #expect(!FileManager.default.fileExists(atPath: marker.path), "consumed: a crash now leaves none")
            // This run stops without a word (as a SIGKILL would): nothing says its stop was clean.
            try await fixture.stopDaemon()
            try FileManager.default.removeItem(atPath: marker.path)
            let third = try await fixture.startDaemon()
            #expect(third.store.opening == .init(previousStopWasClean: false, integrityChecked: true))
        }
    }

    @Test func anUnknownKeyStopsTheStartNamingFileLineAndKey() async throws {
        try await withDaemon(extraConfig: "PollIntervall=5s") { fixture in
            let error = await #expect(throws: ConfigurationError.self) { try await fixture.startDaemon() }
            #expect(error?.description == "\(fixture.configPath):6: PollIntervall: unknown key in [Daemon]")
        }
    }

    @Test func aCorruptDatabaseStopsTheStartAndIsLeftAlone() async throws {
        try await withDaemon { fixture in
            try FileManager.default.createDirectory(
                atPath: fixture.directory + "/state", withIntermediateDirectories: true)
            let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            try garbage.write(to: URL(fileURLWithPath: fixture.databasePath))
            await #expect(throws: JobStoreError.self) { try await fixture.startDaemon() }
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.databasePath)) == garbage, "never a silent reset")
            #expect(!fixture.notifications.kinds.contains("READY"))
        }
    }

    @Test func onJobEndRunsWithTheJobsEnvironmentAndNotTheKey() async throws {
        try await withDaemon(
            // Written aside and renamed: the file appears whole, once the hook has run.
            extraConfig:
                "OnJobEnd=/bin/sh -c 'env > \"$0\"/env.tmp && mv \"$0\"/env.tmp \"$0\"/hook-\"$FINETUNED_JOB\"' PLACEHOLDER"
        ) { fixture in
            try fixture.config.replacingOccurrences(of: "PLACEHOLDER", with: fixture.directory)
                .write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            let id = try await fixture.createJobElsewhere()
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            _ = try await fixture.waitForStoredJob(id) { $0.isTerminal }
            let hookFile = fixture.directory + "/hook-" + id
            try await waitUntil { FileManager.default.fileExists(atPath: hookFile) }
            let environment = try String(contentsOfFile: hookFile, encoding: .utf8)
            #expect(environment.contains("FINETUNED_JOB=\(id)"))
            #expect(environment.contains("FINETUNED_STATUS=succeeded"))
            #expect(environment.contains("FINETUNED_MODEL=ft:"))
            #expect(!environment.contains(DaemonFixture.apiKey))
            #expect(!environment.contains("OPENAI_API_KEY"))
        }
    }
}

/// Polls `condition` until it holds (for events another process or thread makes happen).
func waitUntil(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw FixtureError("condition not met within \(timeout)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// Configuration reload, adoption of every job of an account, and model retirement warnings.
@Suite(.serialized) struct DaemonLifecycleTests {
    @Test func aReloadSaysReloadingThenReadyAndAppliesTheNewConfiguration() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            #expect(daemon.configuration?.pollInterval == .seconds(1))
            try fixture.config.replacingOccurrences(of: "PollInterval=1s", with: "PollInterval=7s")
                .write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            await daemon.reload()
            #expect(daemon.configuration?.pollInterval == .seconds(7))
            try await waitUntil {
                let kinds = fixture.notifications.kinds
                guard let reloading = kinds.lastIndex(of: "RELOADING") else { return false }
                return kinds[reloading...].contains("READY")
            }
            #expect(fixture.notifications.all.contains { $0.text.contains("MONOTONIC_USEC=") })

            // A broken file is refused and the running configuration kept.
            try "[Daemon]\nPollInterval=soon\n".write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            await daemon.reload()
            #expect(daemon.configuration?.pollInterval == .seconds(7))
        }
    }

    @Test func adoptAllJobsTracksEveryJobOfTheAccount() async throws {
        try await withDaemon(extraConfig: "") { fixture in
            try fixture.config.replacingOccurrences(of: "MaxRetries=8", with: "MaxRetries=8\nAdoptAllJobs=yes")
                .write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            let preloaded = fixture.simulator.preloadJobs(count: 230, status: "running")
            let daemon = try await fixture.startDaemon()
            try await waitUntil { (try? daemon.store.trackedNonTerminalJobs().count) == 230 }
            let stored = Set(try daemon.store.trackedNonTerminalJobs().map(\.id))
            #expect(stored == Set(preloaded))
            // A job created later is adopted by a later cycle.
            let later = try await fixture.createJobElsewhere()
            daemon.poller?.pollNow()
            _ = try await fixture.waitForStoredJob(later) { $0.isTracked }
        }
    }
}

@Suite struct PollerLifetimeTests {
    @Test func aLoopThatNeverStartedIsReleasedCleanly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("poller-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try JobStore.open(path: path)
        var poller: Poller? = Poller(
            store: store, accounts: [], schedule: PollSchedule(), maxInterval: .seconds(60),
            reporter: TransitionReporter(logger: .init(label: "test"), onJobEnd: nil, hookTimeout: .seconds(1)),
            feed: JobFeed(), watchdog: nil, logger: .init(label: "test"))
        #expect(poller != nil)
        poller = nil  // would abort the process before the fix (a suspended dispatch source released)
    }
}
