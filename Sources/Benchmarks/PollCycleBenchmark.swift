import ArgumentParser
import FineTuneDaemon
import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Systemd

/// `Benchmarks poll-cycle`: API requests per poll cycle of the real `Poller` with N tracked
/// running jobs at the simulator, beside the floor (one list page per 100 jobs).
struct PollCycleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll-cycle",
        abstract: "API requests per poll cycle with N tracked running jobs, beside the floor of N/100 list pages.")

    @Option(help: "Tracked running jobs.") var jobs = 1000
    @Option(help: "Poll cycles to run (the first fetches every job's events once).") var cycles = 7
    @Option(
        help:
            "Seconds between event fetches of a quietly running job, with cycles 1 s apart (the daemon derives 2 × PollInterval)."
    )
    var runningEvents = 2.0
    @Flag(
        help:
            "Run the whole daemon (Daemon.start, PollInterval=1s) instead of the Poller alone; cycles are told apart in the simulator's request log."
    )
    var viaDaemon = false

    struct Failure: Error, CustomStringConvertible { var description: String }

    func run() async throws {
        if viaDaemon { return try await runDaemon() }
        let directory = try Bench.temporaryDirectory("poll")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        _ = simulator.preloadJobs(count: jobs, status: "running")
        let store = try JobStore.open(path: directory + "/jobs.db")
        try await Bench.trackAllJobs(of: simulator, in: store)
        let floor = (jobs + 99) / 100

        var account = AccountConfiguration(name: "sim")
        account.baseURL = simulator.baseURL
        account.maxRetries = 8
        account.requestTimeout = .seconds(30)
        var logger = Logger(label: "bench-poller")
        logger.logLevel = .warning
        let client = OpenAIClient(
            account: .init(name: "sim", baseURL: simulator.baseURL, apiKey: APIKey(Bench.apiKey)), logger: logger)
        let (ends, endsContinuation) = AsyncStream.makeStream(of: Void.self)
        // The daemon's own proportions (`DaemonConfiguration.schedule`: runningEvents =
        // 2 × PollInterval; PollSchedule's defaults are 60 s / 120 s), with PollInterval scaled
        // from 60 s to 1 s so the benchmark is quick. What a cycle requests depends only on the
        // ratio, as long as a cycle takes less than the interval.
        let schedule = PollSchedule(
            active: .seconds(1), running: .seconds(1), watched: .seconds(1), idle: .seconds(5),
            runningEvents: .milliseconds(Int64(runningEvents * 1000)))
        let poller = Poller(
            store: store, accounts: [(account, client)], schedule: schedule, maxInterval: .seconds(60),
            reporter: TransitionReporter(logger: logger, onJobEnd: nil, hookTimeout: .seconds(10)),
            feed: JobFeed(), watchdog: nil, logger: logger,
            onCycleEnd: { endsContinuation.yield() })

        Bench.say(
            "poll cycle: \(jobs) tracked running jobs at the simulator, \(cycles) cycles 1 s apart, "
                + "running jobs' events refetched every \(runningEvents) s; floor = \(floor) list pages of 100")
        Bench.say("cycle  simulator  client.requestsSent  s since prev  by endpoint")
        var previousCounts = simulator.requestCounts()
        var previousSent = client.requestsSent
        var previousLog = simulator.requestLog().count
        var steady: [Int] = []
        var started = ContinuousClock.now
        let loop = Task { await poller.run() }
        var iterator = ends.makeAsyncIterator()
        for cycle in 1...cycles {
            _ = await iterator.next()
            let elapsed = ContinuousClock.now - started
            let counts = simulator.requestCounts()
            let sent = client.requestsSent
            let log = simulator.requestLog()
            var delta: [String: Int] = [:]
            for (endpoint, count) in counts where count != previousCounts[endpoint, default: 0] {
                delta[endpoint] = count - previousCounts[endpoint, default: 0]
            }
            let total = delta.values.reduce(0, +)
            let firstPages = log.suffix(max(0, log.count - previousLog)).filter {
                $0.endpoint == "GET /fine_tuning/jobs" && $0.query["after"] == nil
            }.count
            let detail = delta.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            Bench.say(
                String(format: "%5d  %9d  %19d  %12.2f  ", cycle, total, sent - previousSent, Bench.seconds(elapsed))
                    + "\(detail) (list walks started: \(firstPages))")
            if cycle > 1 { steady.append(total) }
            previousCounts = counts
            previousSent = sent
            previousLog = log.count
            started = ContinuousClock.now
        }
        await poller.stop()
        await loop.value
        endsContinuation.finish()
        try await client.shutdown()
        try await simulator.shutdown()

        if !steady.isEmpty {
            let mean = Double(steady.reduce(0, +)) / Double(steady.count)
            Bench.say(
                String(
                    format: "steady state (cycles 2-%d): %.1f requests/cycle (min %d, max %d); floor %d; ratio %.2f",
                    cycles, mean, steady.min()!, steady.max()!, floor, mean / Double(floor)))
        }
        let stored = try store.trackedNonTerminalJobs().count
        Bench.say("tracked unfinished jobs in the store after the run: \(stored)")
    }

    /// The same count with the real daemon: its own schedule from `PollInterval=1s` (events of
    /// running jobs every 2 s), its own client. A cycle is everything from one list walk's first
    /// page (no `after`) to the next one's.
    private func runDaemon() async throws {
        let directory = try Bench.temporaryDirectory("poll-daemon")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        _ = simulator.preloadJobs(count: jobs, status: "running")
        let database = directory + "/jobs.db"
        do {
            let store = try JobStore.open(path: database)
            try await Bench.trackAllJobs(of: simulator, in: store)
        }
        let config = directory + "/finetuned.conf"
        try Bench.daemonConfig(
            databasePath: database, socketPath: directory + "/control.sock", baseURL: simulator.baseURL
        )
        .write(toFile: config, atomically: true, encoding: .utf8)
        var logger = Logger(label: "bench-daemon")
        logger.logLevel = .warning
        let setupEnd = simulator.requestLog().last?.receivedAt ?? 0
        let daemon = try await Daemon.start(
            .init(
                configPath: config, configRequired: true, environment: ["OPENAI_API_KEY": Bench.apiKey],
                notifier: ServiceNotifier(destination: .none)),
            logger: logger)
        var records: [RequestRecord] = []
        let deadline = ContinuousClock.now + .seconds(120)
        func walkStarts() -> Int {
            records.filter { $0.endpoint == "GET /fine_tuning/jobs" && $0.query["after"] == nil }.count
        }
        while walkStarts() < cycles + 1 {
            guard ContinuousClock.now < deadline else { throw Failure(description: "too few cycles in 120 s") }
            let last = records.last?.receivedAt ?? setupEnd
            records += simulator.requestLog().filter { $0.receivedAt > last }
            try await Task.sleep(for: .milliseconds(50))
        }
        await daemon.stop()
        try await simulator.shutdown()

        let floor = (jobs + 99) / 100
        Bench.say(
            "poll cycle via Daemon.start: \(jobs) tracked running jobs, PollInterval=1s (events every 2 s); floor = \(floor)"
        )
        var cycle = 0
        var current: [String: Int] = [:]
        var steady: [Int] = []
        func flush() {
            guard cycle > 0 else { return }
            let total = current.values.reduce(0, +)
            if cycle > 1 { steady.append(total) }
            Bench.say(
                String(format: "%5d  %9d  ", cycle, total)
                    + current.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        for record in records {
            if record.endpoint == "GET /fine_tuning/jobs" && record.query["after"] == nil {
                flush()
                cycle += 1
                current = [:]
                if cycle > cycles { break }
            }
            current[record.endpoint, default: 0] += 1
        }
        if !steady.isEmpty {
            let mean = Double(steady.reduce(0, +)) / Double(steady.count)
            Bench.say(
                String(
                    format: "steady state (cycles 2-%d): %.1f requests/cycle (min %d, max %d); floor %d",
                    cycles, mean, steady.min()!, steady.max()!, floor))
        }
    }
}
