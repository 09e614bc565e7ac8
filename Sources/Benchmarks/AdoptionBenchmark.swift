import ArgumentParser
import FineTuneDaemon
import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Systemd

/// `Benchmarks adoption`: the real daemon (`Daemon.start`, `AdoptAllJobs=yes`) adopting N running
/// jobs from a simulator that answers every request after a realistic delay, beside the time the
/// same client takes to fetch just the list pages the jobs arrive on (the floor).
struct AdoptionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adoption",
        abstract: "Time and requests to adopt N running jobs (AdoptAllJobs=yes), beside fetching the list pages alone.")

    @Option(help: "Running jobs at the simulator to adopt.") var jobs = 5000
    @Option(help: "Delay of every simulator answer, in milliseconds.") var delayMs = 150

    struct Failure: Error, CustomStringConvertible { var description: String }

    func run() async throws {
        let directory = try Bench.temporaryDirectory("adoption")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        _ = simulator.preloadJobs(count: jobs, status: "running")
        simulator.setFaults(.init(rules: [.init(kind: .slow, delayMs: delayMs)]))
        let pages = (jobs + 99) / 100
        Bench.say("adoption: \(jobs) running jobs, every answer \(delayMs) ms late; the list is \(pages) pages of 100")

        // The floor: the list pages alone, one after another, with the same client.
        let client = OpenAIClient(account: .init(name: "sim", baseURL: simulator.baseURL, apiKey: APIKey(Bench.apiKey)))
        let floorStart = ContinuousClock.now
        var cursor: String?
        var fetched = 0
        repeat {
            let page = try await client.listJobs(after: cursor, limit: 100)
            fetched += 1
            cursor = page.hasMore ? page.data.last?.id : nil
        } while cursor != nil
        let floor = ContinuousClock.now - floorStart
        try await client.shutdown()
        Bench.say(String(format: "floor: %d list pages in %.2f s", fetched, Bench.seconds(floor)))

        let database = directory + "/jobs.db"
        let config = directory + "/finetuned.conf"
        try Bench.daemonConfig(
            databasePath: database, socketPath: directory + "/control.sock", baseURL: simulator.baseURL
        )
        .replacingOccurrences(of: "[Account]\n", with: "[Account]\nAdoptAllJobs=yes\n")
        .write(toFile: config, atomically: true, encoding: .utf8)
        var logger = Logger(label: "bench-adoption")
        logger.logLevel = .warning
        let before = simulator.requestCounts().values.reduce(0, +)
        let started = ContinuousClock.now
        let daemon = try await Daemon.start(
            .init(
                configPath: config, configRequired: true, environment: ["OPENAI_API_KEY": Bench.apiKey],
                notifier: ServiceNotifier(destination: .none)),
            logger: logger)
        let deadline = ContinuousClock.now + .seconds(Int64(max(120, jobs / 10)))
        var statusSeen = ""
        while true {
            let walk = try daemon.store.accountState("sim").adoption
            if walk.isComplete, try daemon.store.trackedNonTerminalJobs().count >= jobs { break }
            if statusSeen.isEmpty, walk.found > 0 { statusSeen = daemon.statusLine }
            guard ContinuousClock.now < deadline else { throw Failure(description: "adoption did not finish: \(walk)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        let adopted = ContinuousClock.now - started
        let requests = simulator.requestCounts().values.reduce(0, +) - before
        await daemon.stop()
        try await simulator.shutdown()
        Bench.say("STATUS= while adopting: \(statusSeen)")
        Bench.say(
            String(
                format:
                    "adopted %d jobs (stored, tracked) in %.2f s with %d API requests; floor %.2f s for %d pages; ratio %.2f",
                jobs, Bench.seconds(adopted), requests, Bench.seconds(floor), fetched,
                Bench.seconds(adopted) / Bench.seconds(floor)))
    }
}
