import ArgumentParser
import FineTuneDaemon
import Foundation
import Logging
import OpenAISimulator
import Systemd
import Varlink

/// `Benchmarks control-socket`: `io.finetuned.Jobs.Get` over the real daemon's control socket
/// with 100,000 jobs stored: p50/p99 latency and requests/s on one connection and on N
/// concurrent ones, beside a raw Unix-socket echo of the same bytes (the floor), same run.
struct ControlSocketBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control-socket",
        abstract: "Jobs.Get latency and rate over the control socket with 100,000 jobs, beside a raw socket echo.")

    @Option(help: "Jobs in the database.") var jobs = 100_000
    @Option(help: "Events per job.") var events = 5
    @Option(help: "Round trips on one connection (the echo swings from run to run: short runs cannot settle a ratio).")
    var roundTrips = 100_000
    @Option(help: "Concurrent connections for the second measurement.") var connections = 16
    @Option(
        help: ArgumentHelp(
            "Only these measurements, comma-separated (to profile one): \(Measurement.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "names"))
    var only: String?

    /// The measurements, in the order they run.
    enum Measurement: String, CaseIterable {
        case floor1, get1, floorN, getN, client1, clientN, info1, infoN
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    func run() async throws {
        let history = try HistoryDatabase.ensure(jobs: jobs, eventsPerJob: events)
        let directory = try Bench.temporaryDirectory("control")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        let socket = directory + "/control.sock"
        let config = directory + "/finetuned.conf"
        try Bench.daemonConfig(
            databasePath: history, socketPath: socket, baseURL: simulator.baseURL, pollInterval: "60s"
        )
        .write(toFile: config, atomically: true, encoding: .utf8)
        var logger = Logger(label: "bench-daemon")
        logger.logLevel = .warning
        let daemon = try await Daemon.start(
            .init(
                configPath: config, configRequired: true, environment: ["OPENAI_API_KEY": Bench.apiKey],
                notifier: ServiceNotifier(destination: .none)),
            logger: logger)

        // A job in the middle of the table, checked once through the real client.
        let id = HistoryDatabase.jobID(jobs / 2)
        let call = VarlinkCallMessage(method: "io.finetuned.Jobs.Get", parameters: ["id": .string(id)])
        let client = try await VarlinkClient.connect(to: socket)
        let reply = try await client.call(call.method, parameters: call.parameters)
        await client.close()
        guard case .object(let job)? = reply["job"], job["id"] == .string(id) else {
            throw Failure(description: "Jobs.Get did not return \(id): \(reply)")
        }
        let perConnection = roundTrips / connections
        let chosen = try only.map { list in
            try Set(
                list.split(separator: ",").map { name in
                    guard let measurement = Measurement(rawValue: String(name)) else {
                        throw Failure(description: "--only: no measurement named \(name)")
                    }
                    return measurement
                })
        }
        /// Runs `body` when `measurement` was chosen.
        func measure(
            _ measurement: Measurement, _ body: () async throws -> LatencySummary
        ) async throws
            -> LatencySummary?
        {
            guard chosen?.contains(measurement) ?? true else { return nil }
            return try await body()
        }

        Bench.say(
            "control socket: io.finetuned.Jobs.Get {id: \(id)} with \(jobs) jobs stored; request "
                + "\(try call.encoded().count) bytes; reply checked")
        let floor1 = try await measure(.floor1) {
            try await VarlinkBenchmark.echoFloor(message: call, roundTrips: roundTrips)
        }
        let get1 = try await measure(.get1) {
            try await VarlinkBenchmark.requestLoop(
                name: "Jobs.Get, blocking client ×1", socketPath: socket, message: call, roundTrips: roundTrips)
        }
        let floorN = try await measure(.floorN) {
            try await VarlinkBenchmark.echoFloor(
                message: call, connections: connections, roundTripsPerConnection: perConnection)
        }
        let getN = try await measure(.getN) {
            try await VarlinkBenchmark.concurrentLoop(
                name: "Jobs.Get, blocking clients ×\(connections)", socketPath: socket, message: call,
                connections: connections, roundTripsPerConnection: perConnection)
        }
        let nio1 = try await measure(.client1) {
            try await VarlinkBenchmark.clientLoop(
                socketPath: socket, method: call.method, parameters: call.parameters, connections: 1,
                callsPerConnection: roundTrips / 2)
        }
        let nioN = try await measure(.clientN) {
            try await VarlinkBenchmark.clientLoop(
                socketPath: socket, method: call.method, parameters: call.parameters, connections: connections,
                callsPerConnection: perConnection / 2)
        }
        // The same server answering a method that does not touch the store: Varlink's own cost.
        let info = VarlinkCallMessage(method: "org.varlink.service.GetInfo")
        let info1 = try await measure(.info1) {
            try await VarlinkBenchmark.requestLoop(
                name: "GetInfo (no store), blocking client ×1", socketPath: socket, message: info,
                roundTrips: roundTrips)
        }
        let infoN = try await measure(.infoN) {
            try await VarlinkBenchmark.concurrentLoop(
                name: "GetInfo (no store), blocking clients ×\(connections)", socketPath: socket, message: info,
                connections: connections, roundTripsPerConnection: perConnection)
        }
        for row in [floor1, get1, info1, floorN, getN, infoN, nio1, nioN] {
            if let row { Bench.say(row.row) }
        }
        if let get1, let floor1 {
            Bench.say(
                String(
                    format: "Jobs.Get / floor, 1 connection: %.2f× the p50 latency, %.2f of the rate",
                    Bench.seconds(get1.p50) / Bench.seconds(floor1.p50),
                    get1.requestsPerSecond / floor1.requestsPerSecond))
        }
        if let getN, let floorN {
            Bench.say(
                String(
                    format: "Jobs.Get / floor, %d connections: %.2f× the p50 latency, %.2f of the rate", connections,
                    Bench.seconds(getN.p50) / Bench.seconds(floorN.p50),
                    getN.requestsPerSecond / floorN.requestsPerSecond))
        }
        await daemon.stop()
        try await simulator.shutdown()
    }
}
