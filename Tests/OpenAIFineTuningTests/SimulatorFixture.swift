import FinetunedTesting
import Foundation
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Synchronization

/// A simulator on loopback and a client pointed at it, for one test. Real HTTP both ways.
struct SimulatorFixture {
    static let apiKey = "sk-test-SECRET-7c1f2a9e4b6d8f00"

    let simulator: OpenAISimulator
    let client: OpenAIClient
    let logs: RecordedLogs

    static func start(
        timeScale: Double = 100, faults: FaultPlan = .init(),
        retry: RetryPolicy = .init(initialBackoff: .milliseconds(50)),
        requestTimeout: Duration = .seconds(10), organization: String? = nil, project: String? = nil,
        dataDirectory: URL? = nil, authStyle: AuthStyle = .bearer, presentedKey: String = apiKey
    ) async throws -> SimulatorFixture {
        let simulator = try await OpenAISimulator.start(
            .init(
                timeScale: timeScale, dataDirectory: dataDirectory, apiKey: apiKey, faults: faults))
        let logs = RecordedLogs()
        var logger = Logger(label: "test") { _ in RecordingLogHandler(logs: logs) }
        logger.logLevel = .trace
        let baseURL = authStyle == .bearer ? simulator.baseURL : simulator.azureBaseURL
        let account = OpenAIAccount(
            name: "test", baseURL: baseURL, authStyle: authStyle, apiKey: APIKey(presentedKey),
            organization: organization, project: project)
        let client = OpenAIClient(
            account: account,
            configuration: .init(connectTimeout: .seconds(2), requestTimeout: requestTimeout, retry: retry),
            logger: logger)
        return SimulatorFixture(simulator: simulator, client: client, logs: logs)
    }

    func stop() async throws {
        try await client.shutdown()
        try await simulator.shutdown()
    }

    /// Runs `body` with a started fixture and always stops it.
    static func with<T>(
        timeScale: Double = 100, faults: FaultPlan = .init(),
        retry: RetryPolicy = .init(initialBackoff: .milliseconds(50)), requestTimeout: Duration = .seconds(10),
        organization: String? = nil, project: String? = nil, authStyle: AuthStyle = .bearer,
        presentedKey: String = apiKey,
        _ body: (SimulatorFixture) async throws -> T
    ) async throws -> T {
        let fixture = try await start(
            timeScale: timeScale, faults: faults, retry: retry, requestTimeout: requestTimeout,
            organization: organization, project: project, authStyle: authStyle, presentedKey: presentedKey)
        do {
            let result = try await body(fixture)
            try await fixture.stop()
            return result
        } catch {
            try? await fixture.stop()
            throw error
        }
    }

    /// Uploads a valid chat training file of `examples` lines.
    func uploadTrainingFile(examples: Int = 12, badLine: Int? = nil) async throws -> OpenAIFile {
        let path = try TrainingFiles.write(examples: examples, badLine: badLine)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await client.uploadFile(at: path)
    }

    /// Polls the job until it reaches a terminal status (the simulator's clock moves it).
    func waitForEnd(_ jobID: String, timeout: Duration = .seconds(30)) async throws -> FineTuningJob {
        try await waitForJob(jobID, timeout: timeout) { $0.status.isTerminal }
    }

    func waitForJob(
        _ jobID: String, timeout: Duration = .seconds(30),
        until condition: (FineTuningJob) -> Bool
    ) async throws -> FineTuningJob {
        let deadline = ContinuousClock.now + timeout
        while true {
            let job = try await client.retrieveJob(jobID)
            if condition(job) { return job }
            guard ContinuousClock.now < deadline else {
                throw FixtureError("job \(jobID) still \(job.status) after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

enum TrainingFiles {
    /// Writes a chat JSONL file to a temporary path; `badLine` (1-based) is made invalid.
    static func write(examples: Int, badLine: Int? = nil) throws -> String {
        var text = ""
        for index in 1...examples {
            if index == badLine {
                text += "{\"messages\": [{\"role\": \"user\", \"content\": \"no answer\"}]\n"
            } else {
                text +=
                    "{\"messages\": [{\"role\": \"system\", \"content\": \"You are a teaching assistant.\"}, "
                    + "{\"role\": \"user\", \"content\": \"Question \(index)?\"}, "
                    + "{\"role\": \"assistant\", \"content\": \"Answer \(index).\"}]}\n"
            }
        }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("train-\(UUID().uuidString).jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Every log line a client wrote, with its metadata, to check that nothing secret is in them.
final class RecordedLogs: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct RecordingLogHandler: LogHandler {
    let logs: RecordedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        logs.append("\(event.level) \(event.message) \(merged)")
    }
}
