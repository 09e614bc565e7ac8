import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// `finetuned run` as systemd runs it: a SIGTERM in the middle of work (a submission's upload, a
/// poll cycle's request, both held back by the simulator) ends the process within the stop
/// deadline (4 s), with every task of the daemon cancelled and awaited: only then is the
/// clean-stop marker written.
@Suite(.serialized) struct StopOnSIGTERMTests {
    static let apiKey = "sk-sigterm-test-0123456789abcdef"

    /// A temporary directory, a simulator holding back `slowEndpoint` for 30 s, and the
    /// configuration of a daemon polling it.
    final class Setup: Sendable {
        let directory: String
        let simulator: OpenAISimulator
        var socket: String { directory + "/control.sock" }
        var database: String { directory + "/state/finetuned.db" }
        var config: String { directory + "/finetuned.conf" }
        var log: String { directory + "/finetuned.log" }

        init() async throws {
            directory =
                FileManager.default.temporaryDirectory
                .appendingPathComponent("ftterm-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            simulator = try await OpenAISimulator.start(.init(timeScale: 100, apiKey: StopOnSIGTERMTests.apiKey))
            try """
            [Daemon]
            DatabasePath=\(database)
            ControlSocket=\(socket)
            PollInterval=1s
            WatchingPollInterval=200ms

            [Account]
            Name=sim
            BaseURL=\(simulator.baseURL.absoluteString)
            RequestTimeoutSec=60s

            """.write(toFile: config, atomically: true, encoding: .utf8)
        }

        func hold(_ endpoint: String) {
            simulator.setFaults(.init(rules: [.init(kind: .slow, endpoint: endpoint, delayMs: 30_000)]))
        }

        func tearDown() async {
            try? await simulator.shutdown()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// One `finetuned run` process, its log in `setup.log`.
    final class DaemonProcess {
        let process: Process
        let ended: AsyncStream<Void>

        init(_ setup: Setup) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Ctl.sibling("finetuned"))
            process.arguments = ["run", "--config", setup.config, "--log-target", "stderr"]
            process.environment = ["PATH": "/usr/bin:/bin", "OPENAI_API_KEY": StopOnSIGTERMTests.apiKey]
            process.standardOutput = FileHandle.nullDevice
            _ = FileManager.default.createFile(atPath: setup.log, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: setup.log))
            let (ended, finish) = AsyncStream<Void>.makeStream()
            process.terminationHandler = { _ in finish.finish() }
            try process.run()
            self.process = process
            self.ended = ended
        }

        /// Sends `signal` and returns how long the process took to exit.
        func signal(_ signal: Int32) async -> Duration {
            let sent = ContinuousClock.now
            kill(process.processIdentifier, signal)
            for await _ in ended {}
            return ContinuousClock.now - sent
        }
    }

    static func waitUntil(_ what: String, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw FixtureError("\(what) did not happen within 30 s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// What the run left: it exited by itself with 0, within the deadline, said it stopped, did
    /// not overrun, and wrote the marker that only a complete wind-down writes.
    static func expectCleanStop(_ daemon: DaemonProcess, took elapsed: Duration, _ setup: Setup) throws {
        #expect(elapsed < .seconds(4), "stopped after \(elapsed)")
        #expect(daemon.process.terminationReason == .exit)
        #expect(daemon.process.terminationStatus == 0)
        let log = try String(contentsOfFile: setup.log, encoding: .utf8)
        #expect(log.contains("finetuned stopping"))
        #expect(!log.contains("not everything wound down"), "\(log)")
        #expect(
            FileManager.default.fileExists(atPath: CleanStopMarker(databasePath: setup.database).path),
            "every task was awaited, so the stop was marked clean")
    }

    @Test func aSIGTERMDuringASubmissionsUploadStopsCleanlyWithinTheDeadline() async throws {
        let setup = try await Setup()
        setup.hold("POST /files")
        let daemon = try DaemonProcess(setup)
        try await Self.waitUntil("the control socket") { FileManager.default.fileExists(atPath: setup.socket) }
        let training = setup.directory + "/train.jsonl"
        try String(
            repeating:
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\"}, {\"role\": \"assistant\", \"content\": \"A\"}]}\n",
            count: 12
        ).write(toFile: training, atomically: true, encoding: .utf8)
        async let submit = Ctl.run(
            ["submit", training, "--model", "gpt-4o-mini", "--socket", setup.socket], timeout: .seconds(60))
        try await Self.waitUntil("the held upload") { setup.simulator.requestLog().contains { $0.fault == "slow" } }
        let elapsed = await daemon.signal(SIGTERM)
        _ = try? await submit
        try Self.expectCleanStop(daemon, took: elapsed, setup)
        // The submission was cancelled, not failed: it resumes from its stored state next time.
        let store = try JobStore.open(path: setup.database)
        let unfinished = try store.unfinishedSubmissions()
        #expect(unfinished.count == 1)
        #expect(unfinished.first?.state.isFinal == false)
        await setup.tearDown()
    }

    @Test func aSIGTERMDuringAPollCycleStopsCleanlyWithinTheDeadline() async throws {
        let setup = try await Setup()
        let daemon = try DaemonProcess(setup)
        try await Self.waitUntil("the control socket") { FileManager.default.fileExists(atPath: setup.socket) }
        let tracked = try await Ctl.run(
            ["track", try await Self.createJob(setup), "--socket", setup.socket], timeout: .seconds(60))
        #expect(tracked.status == 0, "\(tracked.stderr)")
        setup.hold("GET /fine_tuning/jobs")
        try await Self.waitUntil("a held list request") { setup.simulator.requestLog().contains { $0.fault == "slow" } }
        let elapsed = await daemon.signal(SIGTERM)
        try Self.expectCleanStop(daemon, took: elapsed, setup)
        await setup.tearDown()
    }

    /// A job created at the simulator directly, as the dashboard would.
    static func createJob(_ setup: Setup) async throws -> String {
        let path = setup.directory + "/elsewhere.jsonl"
        try String(
            repeating:
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\"}, {\"role\": \"assistant\", \"content\": \"A\"}]}\n",
            count: 12
        ).write(toFile: path, atomically: true, encoding: .utf8)
        let client = OpenAIClient(account: .init(baseURL: setup.simulator.baseURL, apiKey: APIKey(apiKey)))
        do {
            let file = try await client.uploadFile(at: path)
            let job = try await client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            try await client.shutdown()
            return job.id
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
