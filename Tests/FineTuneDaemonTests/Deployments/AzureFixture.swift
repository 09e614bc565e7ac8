@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Synchronization
import Systemd

/// A fixed bearer token, standing in for Entra ID where these tests only need the management
/// plane to see one: counts what it hands out and what servers refused.
final class StaticTokenSource: AccessTokenSource {
    let scopes = Mutex<[String]>([])
    let invalidations = Atomic<Int>(0)

    func token(forScope scope: String) async throws -> AccessToken {
        scopes.withLock { $0.append(scope) }
        return AccessToken(
            secret: APIKey("static-management-token-0123456789"), expiresOn: Date().addingTimeInterval(3600))
    }

    func invalidate(_ token: AccessToken, forScope scope: String) async {
        invalidations.add(1, ordering: .relaxed)
    }
}

/// Every log entry the daemon wrote, with its metadata (what journald would get as fields).
final class JournalRecorder: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }
    let entries = Mutex<[Entry]>([])

    var logger: Logger {
        var logger = Logger(label: "azure-test") { _ in Handler(recorder: self) }
        logger.logLevel = .info
        return logger
    }

    /// The entries tagged with `event`'s MESSAGE_ID.
    func entries(_ event: DeploymentJournalEvent) -> [Entry] {
        entries.withLock { $0.filter { $0.metadata[JournalMetadataKey.messageID] == .string(event.messageID) } }
    }

    struct Handler: LogHandler {
        let recorder: JournalRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let entry = Entry(
                level: event.level, message: "\(event.message)",
                metadata: metadata.merging(event.metadata ?? [:]) { $1 })
            recorder.entries.withLock { $0.append(entry) }
        }
    }
}

/// A real daemon in this process with one Azure account (dated API, `api-key`), against the
/// simulator in Azure mode: data plane under `/openai`, management plane under `/subscriptions`.
final class AzureFixture: @unchecked Sendable, TearDownable {
    // Mutated only by the test that owns the fixture, one step at a time.
    static let apiKey = "azure-test-key-0123456789abcdef"
    let directory: String
    let simulator: OpenAISimulator
    let tokens = StaticTokenSource()
    let journal = JournalRecorder()
    var daemon: Daemon?
    var accountConfig: String
    /// Seconds added to the wall clock the daemon times deployments by.
    let clockOffset = ClockOffset()

    /// With `entra`, the daemon gets its tokens from its Entra ID settings (`accountConfig`), not
    /// from `tokens`, and the simulator takes any credential on the data plane.
    let entra: Bool

    init(accountConfig: String = "", timeScale: Double = 200, entra: Bool = false) async throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("ftaz-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.entra = entra
        var configuration = SimulatorConfiguration(timeScale: timeScale, apiKey: entra ? nil : Self.apiKey)
        configuration.dialect = .azure
        simulator = try await OpenAISimulator.start(configuration)
        self.accountConfig = accountConfig
    }

    var configPath: String { directory + "/finetuned.conf" }
    var socketPath: String { directory + "/run/control.sock" }

    /// `[Account]` with the management keys, then `accountConfig` (later keys win).
    var config: String {
        """
        [Daemon]
        DatabasePath=\(directory)/state/finetuned.db
        ControlSocket=\(socketPath)
        PollInterval=1s
        WatchingPollInterval=200ms

        [Account]
        Name=azure
        BaseURL=\(simulator.azureBaseURL.absoluteString)
        AuthStyle=azure
        APIVersion=2024-10-21
        MaxRetries=4
        RequestTimeoutSec=10s
        AzureSubscriptionID=00000000-1111-2222-3333-444444444444
        AzureResourceGroup=rg-finetuned
        AzureResourceName=res-finetuned
        AzureManagementURL=\(simulator.managementURL.absoluteString)
        \(accountConfig)

        """
    }

    @discardableResult
    func startDaemon() async throws -> Daemon {
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        var options = Daemon.Options(
            configPath: configPath, configRequired: true, environment: ["OPENAI_API_KEY": Self.apiKey],
            notifier: ServiceNotifier(destination: .none))
        let tokens = self.tokens
        if !entra { options.managementTokenSources = { _, _ in tokens } }
        options.deploymentCheckInterval = .milliseconds(100)
        let offset = clockOffset
        options.deploymentClock = { Date().timeIntervalSince1970 + offset.seconds }
        let daemon = try await Daemon.start(options, logger: journal.logger)
        self.daemon = daemon
        return daemon
    }

    /// Stops the daemon and awaits the end of its run (see `Daemon.stopAndWait`).
    func stopDaemon() async throws {
        guard let daemon else { return }
        self.daemon = nil
        try await daemon.stopAndWait()
    }

    func tearDown() async {
        try? await stopDaemon()
        try? await simulator.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A job that succeeded at the simulator, tracked by the daemon; its fine-tuned model.
    func succeededJob() async throws -> (job: String, model: String) {
        guard let daemon else { throw FixtureError("no daemon") }
        let id = simulator.preloadJobs(count: 1, status: "succeeded", model: "gpt-4o-mini")[0]
        let record = try await daemon.track(jobID: id, account: "azure")
        guard let model = record.fineTunedModel else { throw FixtureError("job \(id) has no model: \(record)") }
        return (id, model)
    }

    /// Waits until the stored deployment named `name` satisfies `condition`.
    func waitForDeployment(
        _ name: String, timeout: Duration = .seconds(30),
        until condition: (DeploymentRecord) -> Bool
    ) async throws -> DeploymentRecord {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let record = try daemon?.store.deployment(account: "azure", name: name), condition(record) {
                return record
            }
            guard ContinuousClock.now < deadline else {
                throw FixtureError(
                    "deployment \(name) did not get there: \(String(describing: try? daemon?.store.deployment(account: "azure", name: name)))"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Returns once `count` whole deployment monitor passes have run after the call: each had its
    /// chance to do what the test checks was not done.
    func monitorPasses(_ count: Int = 2) async throws {
        guard let deployments = daemon?.deployments else { throw FixtureError("no daemon") }
        // The pass under way may have read the store before the call: it does not count.
        let target = deployments.completedPasses + count + 1
        try await waitUntil { deployments.completedPasses >= target }
    }

    /// Moves the daemon's deployment clock `seconds` ahead.
    func advanceClock(by seconds: Double) { clockOffset.advance(by: seconds) }

    func puts() -> Int { simulator.requestCounts()["PUT /deployments/{name}", default: 0] }

    /// A management client of the same resource, as another tool (the portal) would use it.
    func managementClient() -> AzureManagementClient {
        AzureManagementClient(
            resource: AzureResource(
                subscriptionID: "00000000-1111-2222-3333-444444444444", resourceGroup: "rg-finetuned",
                accountName: "res-finetuned", managementURL: simulator.managementURL),
            tokens: tokens)
    }
}

/// How far ahead of the wall clock a test has moved the daemon's deployment clock.
final class ClockOffset: Sendable {
    private let offset = Mutex<Double>(0)
    var seconds: Double { offset.withLock { $0 } }
    func advance(by seconds: Double) { offset.withLock { $0 += seconds } }
}
