import ArgumentParser
import AsyncHTTPClient
import Foundation
import OpenAISimulator

/// `Benchmarks simulator`: requests/s and latency of `GET /fine_tuning/jobs/{id}` on loopback,
/// beside a fixed-answer NIO HTTP server (the floor) driven by the same load generator.
struct SimulatorBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Requests/s of the simulator's GET /fine_tuning/jobs/{id}, beside a floor server.")

    @Option(help: "Jobs in the simulator.") var jobs = 1000
    @Option(help: "Concurrent keep-alive connections.") var connections = 16
    @Option(help: "Seconds per measurement.") var seconds = 5

    func run() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        let ids = simulator.preloadJobs(count: jobs, status: "running")
        let paths = ids.map { "/v1/fine_tuning/jobs/\($0)" }

        // The same bytes the simulator answers, served by the floor server.
        let sample = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: simulator.baseURL.absoluteString + "/fine_tuning/jobs/\(ids[0])"),
            timeout: .seconds(5))
        let body = Array(try await sample.body.collect(upTo: 1 << 20).readableBytesView)
        let floor = try await FloorHTTPServer.start(body: body)

        print(
            "GET /fine_tuning/jobs/{id}: \(jobs) jobs, \(connections) connections, \(seconds) s each, body \(body.count) bytes"
        )
        // Warm both up, then measure.
        _ = try await HTTPLoad.run(
            host: "127.0.0.1", port: floor.port, paths: paths, connections: connections, duration: .seconds(1))
        _ = try await HTTPLoad.run(
            host: "127.0.0.1", port: simulator.port, paths: paths, connections: connections, duration: .seconds(1))
        let floorResult = try await HTTPLoad.run(
            host: "127.0.0.1", port: floor.port, paths: paths, connections: connections, duration: .seconds(seconds))
        let simulatorResult = try await HTTPLoad.run(
            host: "127.0.0.1", port: simulator.port, paths: paths, connections: connections, duration: .seconds(seconds)
        )
        print("floor (fixed answer)  \(floorResult.summary)")
        print("openai-sim            \(simulatorResult.summary)")
        print(String(format: "simulator / floor     %.2f", simulatorResult.perSecond / floorResult.perSecond))
        try await floor.channel.close()
        try await simulator.shutdown()
    }
}
