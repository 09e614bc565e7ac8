import FineTuneDaemon
import FinetunedTesting
import Foundation
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Systemd

/// A real daemon in this process, on a temporary database and control socket, polling a real
/// simulator over loopback HTTP; `finetunectl` runs as a separate process against its socket.
/// (After Tests/FineTuneDaemonTests/DaemonFixture.swift, without the notification recorder.)
final class CtlFixture: Sendable {
    static let apiKey = "sk-ctl-test-0123456789abcdef"
    let directory: String
    let simulator: OpenAISimulator
    let daemon: Daemon
    /// The configuration the daemon started with (at `configPath`).
    let config: String
    var configPath: String { directory + "/finetuned.conf" }

    /// - Parameters:
    ///   - faults: what the simulator gets wrong on purpose.
    ///   - maxRetries: the account's `MaxRetries=`.
    ///   - daemonConfig: more lines for the `[Daemon]` section.
    ///   - submissionRetryDelay: the first wait before a waiting submission is tried again.
    init(
        timeScale: Double = 100, faults: FaultPlan = .init(), maxRetries: Int = 8, daemonConfig: String = "",
        submissionRetryDelay: Duration = .seconds(15)
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftctl-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        simulator = try await OpenAISimulator.start(.init(timeScale: timeScale, apiKey: Self.apiKey, faults: faults))
        config = """
            [Daemon]
            DatabasePath=\(directory)/state/finetuned.db
            ControlSocket=\(directory)/run/control.sock
            PollInterval=1s
            WatchingPollInterval=200ms
            \(daemonConfig)

            [Account]
            Name=sim
            BaseURL=\(simulator.baseURL.absoluteString)
            MaxRetries=\(maxRetries)
            RequestTimeoutSec=10s

            """
        try config.write(toFile: directory + "/finetuned.conf", atomically: true, encoding: .utf8)
        var logger = Logger(label: "ctl-test-daemon")
        logger.logLevel = .warning
        do {
            var options = Daemon.Options(
                configPath: directory + "/finetuned.conf", configRequired: true,
                environment: ["OPENAI_API_KEY": Self.apiKey], notifier: ServiceNotifier(destination: .none))
            options.submissionRetryDelay = submissionRetryDelay
            daemon = try await Daemon.start(options, logger: logger)
        } catch {
            try? await simulator.shutdown()
            throw error
        }
    }

    /// Runs `body` with a fresh fixture and tears it down afterwards, whether `body` threw or not.
    static func with(
        timeScale: Double = 100, faults: FaultPlan = .init(), maxRetries: Int = 8, daemonConfig: String = "",
        _ body: (CtlFixture) async throws -> Void
    ) async throws {
        let fixture = try await CtlFixture(
            timeScale: timeScale, faults: faults, maxRetries: maxRetries, daemonConfig: daemonConfig)
        do {
            try await body(fixture)
        } catch {
            await fixture.tearDown()
            throw error
        }
        await fixture.tearDown()
    }

    var socketPath: String { directory + "/run/control.sock" }

    /// Runs `finetunectl ARGS --socket SOCKET`.
    func ctl(_ arguments: String..., timeout: Duration = .seconds(120)) async throws -> CtlResult {
        try await Ctl.run(arguments + ["--socket", socketPath], timeout: timeout)
    }

    func tearDown() async {
        try? await daemon.stopAndWait()
        try? await simulator.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A chat JSONL file of `examples` examples in the fixture's directory; `badLine` is not JSON.
    func trainingFile(examples: Int, badLine: Int? = nil) throws -> String {
        let path = directory + "/train-\(UUID().uuidString.prefix(6)).jsonl"
        var text = ""
        for index in 1...examples {
            text +=
                index == badLine
                ? "{\"messages\": [{\"role\": \"user\", \"content\": \"unfinished\"\n"
                : "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\(index)\"}, {\"role\": \"assistant\", \"content\": \"A\(index)\"}]}\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension CtlFixture {
    /// Creates a job directly at the simulator, as the dashboard would; a user-only example at
    /// `badLine` makes the API fail it while validating.
    func createJobElsewhere(examples: Int = 12, badLine: Int? = nil) async throws -> String {
        let client = OpenAIClient(account: .init(baseURL: simulator.baseURL, apiKey: APIKey(Self.apiKey)))
        do {
            let path = directory + "/elsewhere-\(UUID().uuidString.prefix(6)).jsonl"
            var text = ""
            for index in 1...examples {
                text +=
                    index == badLine
                    ? "{\"messages\": [{\"role\": \"user\", \"content\": \"only a question\"}]}\n"
                    : "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\(index)\"}, {\"role\": \"assistant\", \"content\": \"A\(index)\"}]}\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
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
