import Glibc
@testable import FineTuneDaemon
import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Synchronization
import Systemd

/// A real daemon in this process, on a temporary database and control socket, polling a real
/// simulator over loopback HTTP. Its notifications go to a datagram socket the test reads.
final class DaemonFixture: @unchecked Sendable {
    // Mutated only by the test that owns the fixture, one step at a time.
    static let apiKey = "sk-daemon-test-0123456789abcdef"
    let directory: String
    let simulator: OpenAISimulator
    let notifications: NotifyRecorder
    var daemon: Daemon?
    let extraConfig: String
    /// More keys for the `[Account]` section.
    let accountConfig: String
    let environment: [String: String]
    let stallTimeout: Duration?
    var submissionRetryDelay: Duration = .seconds(15)
    var createLandingMargin: Duration = .seconds(10)
    /// The process-wide log level the daemon sets from `LogLevel=` (nil: left alone).
    var logLevel: LogLevelSetting?
    /// The daemon's clock (retirement dates, the end of job creation); nil: the real one.
    var clock: (@Sendable () -> Date)?
    /// The daemon's kept copies of submitted data (`Jobs.Migrate`); nil: none.
    var keptTrainingData: (any KeptTrainingData)?
    /// The daemon's logger; nil: a quiet one (warnings and above, to nowhere in particular).
    var logger: Logger?
    /// The account's `RequestTimeoutSec=`.
    let requestTimeout: String

    /// With `azure`, the simulator speaks Azure: the account's BaseURL is its v1 API
    /// (`ROOT/openai/v1`), and `{ROOT}` in `accountConfig` stands for `http://HOST:PORT`.
    init(timeScale: Double = 100, faults: FaultPlan = .init(), extraConfig: String = "",
         environment: [String: String] = [:], stallTimeout: Duration? = nil, requestTimeout: String = "10s",
         accountConfig: String = "", azure: AzureSimulation? = nil) async throws {
        self.requestTimeout = requestTimeout
        self.accountConfig = accountConfig
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ftd-\(UUID().uuidString.prefix(8))").path
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

    var configPath: String { directory + "/finetuned.conf" }
    var socketPath: String { directory + "/run/control.sock" }
    var databasePath: String { directory + "/state/finetuned.db" }

    var config: String {
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
    func startDaemon() async throws -> Daemon {
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

    func stopDaemon() async {
        await daemon?.stop()
        daemon = nil
    }

    func tearDown() async {
        await stopDaemon()
        try? await simulator.shutdown()
        notifications.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A client of the simulator, for setting up jobs "elsewhere" (as a dashboard would).
    func withClient<T>(_ body: (OpenAIClient) async throws -> T) async throws -> T {
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
    func createJobElsewhere(examples: Int = 12, badLine: Int? = nil, epochs: Int? = nil) async throws -> String {
        try await withClient { client in
            let path = directory + "/train-\(UUID().uuidString.prefix(6)).jsonl"
            var text = ""
            for index in 1...examples {
                text += index == badLine
                    ? "{\"messages\": [{\"role\": \"user\", \"content\": \"only a question\"}]}\n"
                    : "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\(index)\"}, {\"role\": \"assistant\", \"content\": \"A\(index)\"}]}\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let file = try await client.uploadFile(at: path)
            let job = try await client.createJob(.init(
                model: "gpt-4o-mini", trainingFile: file.id,
                method: epochs.map { .supervised(.init(nEpochs: .value($0))) }))
            return job.id
        }
    }

    /// Waits until the store shows `condition` for the job (the poller writes it).
    func waitForStoredJob(_ id: String, timeout: Duration = .seconds(30), until condition: (JobRecord) -> Bool)
        async throws -> JobRecord
    {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let record = try daemon?.store.job(id: id), condition(record) { return record }
            guard ContinuousClock.now < deadline else {
                throw FixtureError("job \(id) did not reach the condition; stored: \(String(describing: try? daemon?.store.job(id: id)))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The service manager's end of NOTIFY_SOCKET: records every datagram with its arrival time.
final class NotifyRecorder: Sendable {
    struct Message: Sendable {
        var text: String
        var at: ContinuousClock.Instant
    }

    let path: String
    private let fd: Int32
    private let messages = Mutex<[Message]>([])
    private let closed = Atomic<Bool>(false)

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { throw FixtureError("cannot bind \(path): errno \(errno)") }
        let thread = Thread { [self] in receiveLoop() }
        thread.start()
    }

    /// Owns the socket: only this thread touches it, and closes it when asked to stop, so the fd
    /// number is never reused (by NIO, say) while a `recv` could still read from it.
    private func receiveLoop() {
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !closed.load(ordering: .relaxed) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) == 1 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { continue }
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            messages.withLock { $0.append(Message(text: text, at: .now)) }
        }
    }

    var all: [Message] { messages.withLock { $0 } }

    /// The kind of each message, in order: READY, STATUS, WATCHDOG, STOPPING, RELOADING.
    var kinds: [String] {
        all.flatMap { message in
            message.text.split(separator: "\n").compactMap { line -> String? in
                switch line.split(separator: "=").first {
                case "READY": "READY"
                case "STATUS": "STATUS"
                case "WATCHDOG": "WATCHDOG"
                case "STOPPING": "STOPPING"
                case "RELOADING": "RELOADING"
                default: nil
                }
            }
        }
    }

    /// Stops the receiving thread, which then closes the socket (within 100 ms).
    func close() {
        closed.store(true, ordering: .relaxed)
    }
}
