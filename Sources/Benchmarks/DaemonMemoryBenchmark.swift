import ArgumentParser
import AsyncHTTPClient
import FineTuneDaemon
import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Systemd

/// `Benchmarks daemon-memory`: the daemon's resident memory with N tracked running jobs after a
/// few poll cycles, beside the RSS of the same process just before `Daemon.start` (the baseline).
///
/// The daemon runs alone in a child process (`Benchmarks daemon-memory-child`), so the
/// simulator's memory is not counted; this process runs the simulator, fills the database with
/// the simulator's jobs marked tracked, counts the child's poll cycles from the simulator's
/// request log (one unpaged list request starts each cycle), and reads /proc/CHILD/status.
struct DaemonMemoryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon-memory",
        abstract: "Daemon RSS with N tracked running jobs after some cycles, beside its RSS before Daemon.start.")

    @Option(help: "Tracked running jobs.") var jobs = 10_000
    @Option(help: "Completed poll cycles before measuring.") var cycles = 4
    @Option(help: "The daemon's PollInterval= (events of running jobs are refetched every 2×).") var pollInterval = "1s"

    struct Failure: Error, CustomStringConvertible { var description: String }

    func run() async throws {
        let directory = try Bench.temporaryDirectory("memory")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        _ = simulator.preloadJobs(count: jobs, status: "running")
        let database = directory + "/state/finetuned.db"
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true)
        do {
            let store = try JobStore.open(path: database)
            try await Bench.trackAllJobs(of: simulator, in: store)
        }
        let config = directory + "/finetuned.conf"
        try Bench.daemonConfig(
            databasePath: database, socketPath: directory + "/control.sock", baseURL: simulator.baseURL,
            pollInterval: pollInterval
        ).write(toFile: config, atomically: true, encoding: .utf8)
        let report = directory + "/baseline"

        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["daemon-memory-child", "--config", config, "--report", report]
        // glibc's allocator settings (MALLOC_ARENA_MAX, MALLOC_TRIM_THRESHOLD_, ...) pass through,
        // to tell memory the daemon holds from memory the allocator keeps.
        let mallocSettings = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("MALLOC_") }
        child.environment = mallocSettings.merging(["OPENAI_API_KEY": Bench.apiKey, "PATH": "/usr/bin:/bin"]) { $1 }
        let before = simulator.requestLog().last?.receivedAt ?? 0
        try child.run()
        defer { if child.isRunning { child.terminate() } }

        // Baseline: the child's RSS just before Daemon.start, which it writes to `report`.
        let deadline = ContinuousClock.now + .seconds(120)
        var baseline: Bench.Memory?
        while baseline == nil {
            guard child.isRunning, ContinuousClock.now < deadline else { throw Failure(description: "the daemon child did not start") }
            if let text = try? String(contentsOfFile: report, encoding: .utf8), text.hasSuffix("\n") {
                let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
                if parts.count == 2 { baseline = Bench.Memory(rssKiB: parts[0], peakKiB: parts[1]) }
            }
            try await Task.sleep(for: .milliseconds(20))
        }

        // Cycles: count the walks the child starts (a list request without `after`).
        var lastSeen = before
        var walks = 0
        var requests = 0
        let started = ContinuousClock.now
        // CPU from the start of the second walk (the first fetches events and settles) to the
        // start of the last one.
        var cpuAtSecondWalk: Double?
        while walks < cycles + 1 {
            guard child.isRunning, ContinuousClock.now < deadline else {
                throw Failure(description: "only \(walks) cycles started within the time limit")
            }
            for record in simulator.requestLog() where record.receivedAt > lastSeen {
                requests += 1
                if record.endpoint == "GET /fine_tuning/jobs" && record.query["after"] == nil {
                    walks += 1
                    if walks == 2 { cpuAtSecondWalk = Self.cpuSeconds(pid: child.processIdentifier) }
                }
                lastSeen = record.receivedAt
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let cpuPerCycle = cpuAtSecondWalk.map { (Self.cpuSeconds(pid: child.processIdentifier) - $0) / Double(max(1, cycles - 1)) }
        let memory = Bench.memory(pid: String(child.processIdentifier))
        let elapsed = Bench.seconds(ContinuousClock.now - started)
        child.terminate()
        child.waitUntilExit()
        let floor = try await Self.decodeFloor(simulator: simulator, jobs: jobs)
        try await simulator.shutdown()

        let base = baseline!
        Bench.say("daemon memory: \(jobs) tracked running jobs, PollInterval=\(pollInterval), \(cycles) cycles completed "
            + String(format: "in %.1f s, %d API requests", elapsed, requests)
            + (mallocSettings.isEmpty ? "" : "; " + mallocSettings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
        Bench.say(String(format: "before Daemon.start (baseline)   VmRSS %7.1f MiB   VmHWM %7.1f MiB", base.rssMiB, base.peakMiB))
        Bench.say(String(format: "after %d cycles                  VmRSS %7.1f MiB   VmHWM %7.1f MiB", cycles, memory.rssMiB, memory.peakMiB))
        Bench.say(String(format: "daemon's own share               RSS +%6.1f MiB   peak +%6.1f MiB  (%.1f KiB per tracked job)",
                         memory.rssMiB - base.rssMiB, memory.peakMiB - base.rssMiB,
                         Double(memory.rssKiB - base.rssKiB) / Double(jobs)))
        if let cpuPerCycle {
            Bench.say(String(format: "daemon CPU per poll cycle        %7.1f ms   floor: decoding the cycle's %d list pages %6.1f ms (%.1f×)",
                             cpuPerCycle * 1000, floor.pages, floor.seconds * 1000, cpuPerCycle / max(floor.seconds, 1e-9)))
        }
    }

    /// User + system CPU seconds a process has used, from /proc/PID/stat.
    static func cpuSeconds(pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The least a cycle must do with its answers: decode every list page of the tracked jobs
    /// (fetched here once, then decoded from memory, best of three).
    static func decodeFloor(simulator: OpenAISimulator, jobs: Int) async throws -> (pages: Int, seconds: Double) {
        var bodies: [Data] = []
        var after: String?
        repeat {
            var request = HTTPClientRequest(
                url: simulator.baseURL.absoluteString + "/fine_tuning/jobs?limit=100" + (after.map { "&after=\($0)" } ?? ""))
            request.headers.add(name: "authorization", value: "Bearer \(Bench.apiKey)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = Data(buffer: try await response.body.collect(upTo: 64 << 20))
            let page = try JSONDecoder().decode(ListPage<FineTuningJob>.self, from: body)
            bodies.append(body)
            after = page.hasMore ? page.data.last?.id : nil
        } while after != nil && bodies.count * 100 < jobs + 100
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            for body in bodies { _ = try JSONDecoder().decode(ListPage<FineTuningJob>.self, from: body) }
            best = min(best, Bench.seconds(ContinuousClock.now - start))
        }
        return (bodies.count, best)
    }
}

/// The child of `daemon-memory`: writes its own VmRSS/VmHWM (KiB) to `--report`, then runs the
/// daemon until it is terminated.
struct DaemonMemoryChild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon-memory-child", abstract: "(internal) The daemon process of daemon-memory.",
        shouldDisplay: false)

    @Option var config: String
    @Option var report: String

    func run() async throws {
        var logger = Logger(label: "bench-daemon")
        logger.logLevel = .warning
        let memory = Bench.memory()
        try "\(memory.rssKiB) \(memory.peakKiB)\n".write(toFile: report, atomically: true, encoding: .utf8)
        let daemon = try await Daemon.start(
            .init(configPath: config, configRequired: true, notifier: ServiceNotifier(destination: .none)),
            logger: logger)
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(3600))
            _ = daemon.statusLine
        }
    }
}
