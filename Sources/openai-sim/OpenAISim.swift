import ArgumentParser
import Logging
import ServiceLifecycle
import Foundation
import OpenAISimulator
import ProjectVersion

/// `openai-sim`: runs the OpenAI API simulator on loopback until SIGINT or SIGTERM.
@main
struct OpenAISim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openai-sim",
        abstract: "A faithful fake of the OpenAI fine-tuning API, for tests and demos.",
        discussion: """
            Serves /v1/... (OpenAI style, bearer auth) and /openai/... (Azure style, api-key header \
            and api-version query) on loopback, plus a test-only admin API under /admin. The key \
            clients must present is read from the file named by --api-key-file or from \
            $OPENAI_SIM_API_KEY (never from argv); with neither, any request is accepted.
            """,
        version: ProjectVersion.string)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 0
    @Option(help: "Simulated seconds per real second: 1 is realistic (minutes per job), 100 suits tests.")
    var timeScale = 1.0
    @Option(help: "Directory for state and uploaded files; state survives restarts when given.")
    var dataDir: String?
    @Option(help: "A file holding the API key clients must present.") var apiKeyFile: String?
    @Option(help: "A JSON fault plan: {\"seed\": 1, \"rules\": [...], \"requests_per_minute\": 60}.")
    var faults: String?
    @Option(help: "Write the bound port to this file once listening.") var portFile: String?
    @Option(help: "How long an Uploads API upload stays pending, in real seconds (the API's: 3600).")
    var uploadLifetime = 3600.0
    @Option(
        help: "The service imitated: openai, or azure (Azure OpenAI's v1 and dated APIs, api-key, Entra ID tokens).")
    var dialect = "openai"
    @Option(help: "Azure: the simulated tenant whose token endpoint is POST /TENANT/oauth2/v2.0/token.")
    var tenantID = "sim-tenant"
    @Option(help: "Azure: the application (client id) allowed to sign in.") var clientID = "sim-client"
    @Option(help: "Azure: a file holding that application's client secret (default: sim-secret).")
    var clientSecretFile: String?
    @Option(help: "Azure: seconds a minted token lives.") var tokenLifetime = 3599.0
    @Option(help: "Azure: jobs that may wait behind the one training job of the resource.") var queueLimit = 20
    @Option(help: "Azure: fine-tuning files the resource may hold.") var fileLimit = 50

    func run() async throws {
        var configuration = SimulatorConfiguration(host: host, port: port, timeScale: timeScale)
        configuration.dataDirectory = dataDir.map { URL(fileURLWithPath: $0) }
        guard uploadLifetime > 0 else { throw ValidationError("--upload-lifetime must be above 0") }
        configuration.uploadLifetime = uploadLifetime
        if let apiKeyFile {
            configuration.apiKey = try String(contentsOfFile: apiKeyFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let key = ProcessInfo.processInfo.environment["OPENAI_SIM_API_KEY"], !key.isEmpty {
            configuration.apiKey = key
        }
        guard let chosen = APIDialect(rawValue: dialect) else {
            throw ValidationError("--dialect must be openai or azure, not \(dialect)")
        }
        configuration.dialect = chosen
        configuration.azure.tenantID = tenantID
        configuration.azure.clientID = clientID
        configuration.azure.tokenLifetime = tokenLifetime
        configuration.azure.queueLimit = queueLimit
        configuration.azure.fileLimit = fileLimit
        if let clientSecretFile {
            configuration.azure.clientSecret = try String(contentsOfFile: clientSecretFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let faults {
            do {
                configuration.faults = try JSONDecoder().decode(
                    FaultPlan.self, from: Data(contentsOf: URL(fileURLWithPath: faults)))
            } catch {
                throw ValidationError("cannot read the fault plan \(faults): \(error)")
            }
        }
        let simulator = try await OpenAISimulator.start(configuration)
        if let portFile {
            try String(simulator.port).write(toFile: portFile, atomically: true, encoding: .utf8)
        }
        // The throwing write: a reader that has gone (a closed pipe) must not stop the simulator.
        try? FileHandle.standardOutput.write(
            contentsOf: Data(
                "openai-sim listening on \(simulator.baseURL.absoluteString) (time scale \(timeScale))\n".utf8))
        // SIGINT or SIGTERM: the lifecycle library's signal handling, as the daemon's.
        var logger = Logger(label: "openai-sim")
        logger.logLevel = .warning
        let group = ServiceGroup(
            configuration: .init(
                services: [ListenerService { try? await simulator.shutdown() }],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Serves until graceful shutdown, then `close` stops the server and is awaited.
struct ListenerService: Service {
    let close: @Sendable () async -> Void

    func run() async {
        try? await gracefulShutdown()
        await close()
    }
}
