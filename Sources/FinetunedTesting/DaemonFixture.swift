import Glibc
import FineTuneDaemon
import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Synchronization
import Systemd

/// A real daemon in this process, on a temporary database and control socket, polling a real
/// simulator over loopback HTTP. Its notifications go to a datagram socket the test reads.
public final class DaemonFixture: @unchecked Sendable {
    // Mutated only by the test that owns the fixture, one step at a time.
    public static let apiKey = "sk-daemon-test-0123456789abcdef"
    public let directory: String
    public let simulator: OpenAISimulator
    public let notifications: NotifyRecorder
    public var daemon: Daemon?
    public let extraConfig: String
    /// More keys for the `[Account]` section.
    public let accountConfig: String
    public let environment: [String: String]
    public let stallTimeout: Duration?
    public var submissionRetryDelay: Duration = .seconds(15)
    public var createLandingMargin: Duration = .seconds(10)
    /// The process-wide log level the daemon sets from `LogLevel=` (nil: left alone).
    public var logLevel: LogLevelSetting?
    /// The daemon's clock (retirement dates, the end of job creation); nil: the real one.
    public var clock: (@Sendable () -> Date)?
    /// The daemon's kept copies of submitted data (`Jobs.Migrate`); nil: none.
    public var keptTrainingData: (any KeptTrainingData)?
    /// The daemon's logger; nil: a quiet one (warnings and above, to nowhere in particular).
    public var logger: Logger?
    /// The account's `RequestTimeoutSec=`.
    public let requestTimeout: String

    /// With `azure`, the simulator speaks Azure: the account's BaseURL is its v1 API
    /// (`ROOT/openai/v1`), and `{ROOT}` in `accountConfig` stands for `http://HOST:PORT`.
    public init(
        timeScale: Double = 100, faults: FaultPlan = .init(), extraConfig: String = "",
        environment: [String: String] = [:], stallTimeout: Duration? = nil, requestTimeout: String = "10s",
        accountConfig: String = "", azure: AzureSimulation? = nil
    ) async throws {
        self.requestTimeout = requestTimeout
        self.accountConfig = accountConfig
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("ftd-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var simulation = SimulatorConfiguration(timeScale: timeScale, apiKey: Self.apiKey, faults: faults)
        if let azure {
            simulation.dialect = .azure
            simulation.azure = azure
        }
        simulator = try await OpenAISimulator.start(simulation)
        notifications = try NotifyRecorder(path: directory + "/notify.sock")
        self.extraConfig = extraConfig
        self.environment = environment
        self.stallTimeout = stallTimeout
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    public var configPath: String { directory + "/finetuned.conf" }
    public var socketPath: String { directory + "/run/control.sock" }
    public var databasePath: String { directory + "/state/finetuned.db" }

    public var config: String {
        """
        [Daemon]
        DatabasePath=\(databasePath)
        ControlSocket=\(socketPath)
        PollInterval=1s
        WatchingPollInterval=200ms
        \(extraConfig)

        [Account]
        Name=sim
        BaseURL=\(simulator.configuration.dialect == .azure
            ? simulator.rootURL.absoluteString + "/openai/v1" : simulator.baseURL.absoluteString)
        MaxRetries=8
        RequestTimeoutSec=\(requestTimeout)
        \(accountConfig.replacingOccurrences(of: "{ROOT}", with: simulator.rootURL.absoluteString))

        """
    }

    @discardableResult
    public func startDaemon() async throws -> Daemon {
        var logger = self.logger ?? Logger(label: "test-daemon")
        if self.logger == nil { logger.logLevel = .warning }
        let options = Daemon.Options(
            configPath: configPath, configRequired: true,
            environment: environment.merging(["OPENAI_API_KEY": Self.apiKey]) { $1 },
            notifier: ServiceNotifier(destination: .socket(path: notifications.path)),
            stallTimeout: stallTimeout)
        var adjusted = options
        adjusted.submissionRetryDelay = submissionRetryDelay
        adjusted.createLandingMargin = createLandingMargin
        adjusted.logLevel = logLevel
        if let clock { adjusted.clock = clock }
        if let keptTrainingData { adjusted.keptTrainingData = keptTrainingData }
        let daemon = try await Daemon.start(adjusted, logger: logger)
        self.daemon = daemon
        return daemon
    }

    /// Stops the daemon as SIGTERM does and returns once its run has ended: every task returned,
    /// the store marked cleanly stopped, the database lock let go, so a restart on the same
    /// database can follow at once. Throws when the run is still going after `limit`: the run
    /// cancels what is left at its own stop deadline (4 s), so that is a hang, not a slow stop.
    public func stopDaemon(limit: Duration = .seconds(60)) async throws {
        guard let daemon else { return }
        self.daemon = nil
        try await daemon.stopAndWait(limit: limit)
    }

    public func tearDown() async {
        try? await stopDaemon()
        try? await simulator.shutdown()
        notifications.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A client of the simulator, for setting up jobs "elsewhere" (as a dashboard would).
    public func withClient<T>(_ body: (OpenAIClient) async throws -> T) async throws -> T {
        let client = OpenAIClient(account: .init(baseURL: simulator.baseURL, apiKey: APIKey(Self.apiKey)))
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Creates a job directly at the simulator (not through the daemon).
    public func createJobElsewhere(examples: Int = 12, badLine: Int? = nil, epochs: Int? = nil) async throws -> String {
        try await withClient { client in
            let path = directory + "/train-\(UUID().uuidString.prefix(6)).jsonl"
            var text = ""
            for index in 1...examples {
                text +=
                    index == badLine
                    ? "{\"messages\": [{\"role\": \"user\", \"content\": \"only a question\"}]}\n"
                    : "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\(index)\"}, {\"role\": \"assistant\", \"content\": \"A\(index)\"}]}\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let file = try await client.uploadFile(at: path)
            let job = try await client.createJob(
                .init(
                    model: "gpt-4o-mini", trainingFile: file.id,
                    method: epochs.map { .supervised(.init(nEpochs: .value($0))) }))
            return job.id
        }
    }

    /// Waits until the store shows `condition` for the job (the poller writes it).
    public func waitForStoredJob(
        _ id: String, timeout: Duration = .seconds(30), until condition: (JobRecord) -> Bool
    )
        async throws -> JobRecord
    {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let record = try daemon?.store.job(id: id), condition(record) { return record }
            guard ContinuousClock.now < deadline else {
                throw FixtureError(
                    "job \(id) did not reach the condition; stored: \(String(describing: try? daemon?.store.job(id: id)))"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
