import ArgumentParser
import AsyncHTTPClient
@_spi(Benchmarks) import FineTuneDaemon
import Foundation
import JobStore
import Logging
import NIOFoundationCompat
import OpenAIFineTuning
import OpenAISimulator
import Synchronization
import Systemd
import Varlink

/// `Benchmarks daemon-memory`: the daemon's resident memory with N tracked running jobs after a
/// few poll cycles, beside the RSS of the same process idle (the daemon started, no jobs, the
/// baseline the goal is counted from) and just before `Daemon.start`.
///
/// The daemon runs alone in a child process (`Benchmarks daemon-memory-child`), so the
/// simulator's memory is not counted; this process runs the simulator, waits for the child's
/// idle figure, then fills the database with the simulator's jobs marked tracked (the running
/// daemon finds them on its next cycle), counts the child's poll cycles from the simulator's
/// request log (one unpaged list request starts each cycle), and reads /proc/CHILD/status.
struct DaemonMemoryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon-memory",
        abstract: "Daemon RSS with N tracked running jobs after some cycles, beside its RSS before Daemon.start.")

    @Option(help: "Tracked running jobs.") var jobs = 10_000
    @Option(help: "Completed poll cycles before measuring.") var cycles = 4
    @Option(help: "The daemon's PollInterval= (events of running jobs are refetched every 2×).") var pollInterval = "1s"
    @Flag(help: "Run the daemon with glibc's allocator defaults instead of its AllocatorSettings, to compare.")
    var defaultAllocator = false

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// One daemon child's figures.
    struct Outcome {
        var beforeStart: Bench.Memory
        var idle: Bench.Memory
        var after: Bench.Memory
        var cpuPerCycle: Double?
        var requests: Int
        var elapsed: Double
    }

    func run() async throws {
        let directory = try Bench.temporaryDirectory("memory")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        _ = simulator.preloadJobs(count: jobs, status: "running")
        // glibc's allocator settings (MALLOC_ARENA_MAX, MALLOC_TRIM_THRESHOLD_, ...) pass through,
        // to tell memory the daemon holds from memory the allocator keeps.
        let mallocSettings = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("MALLOC_") }
        let outcome = try await measure(simulator: simulator, directory: directory, mallocSettings: mallocSettings)
        let floor = try await Self.decodeFloor(simulator: simulator, jobs: jobs)
        try await simulator.shutdown()

        Bench.say(
            "daemon memory: \(jobs) tracked running jobs, PollInterval=\(pollInterval), \(cycles) cycles completed "
                + String(format: "in %.1f s, %d API requests", outcome.elapsed, outcome.requests)
                + (defaultAllocator ? "; glibc's allocator defaults" : "")
                + (mallocSettings.isEmpty
                    ? ""
                    : "; "
                        + mallocSettings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                            separator: " ")))
        report(outcome, label: "")
        if let cpuPerCycle = outcome.cpuPerCycle {
            Bench.say(
                String(
                    format:
                        "daemon CPU per poll cycle        %7.1f ms   floor: decoding the cycle's %d list pages %6.1f ms (%.1f×)",
                    cpuPerCycle * 1000, floor.pages, floor.seconds * 1000, cpuPerCycle / max(floor.seconds, 1e-9)))
        }
    }

    private func report(_ outcome: Outcome, label: String) {
        let (base, idle, memory) = (outcome.beforeStart, outcome.idle, outcome.after)
        func line(_ title: String, _ figures: Bench.Memory) {
            Bench.say(
                String(
                    format: "%@%@VmRSS %7.1f MiB   VmHWM %7.1f MiB   (RssAnon %6.1f, RssFile %6.1f)", label,
                    title.padding(toLength: 33, withPad: " ", startingAt: 0), figures.rssMiB, figures.peakMiB,
                    figures.anonymousMiB, figures.fileMiB))
        }
        line("before Daemon.start", base)
        line("idle, no jobs (baseline)", idle)
        line("after \(cycles) cycles", memory)
        Bench.say(
            String(
                format:
                    "%@the jobs' share, over idle       RSS %+6.1f MiB   peak %+6.1f MiB  (%.2f KiB per tracked job; RssAnon %+6.1f, RssFile %+6.1f)",
                label, memory.rssMiB - idle.rssMiB, memory.peakMiB - idle.rssMiB,
                Double(memory.rssKiB - idle.rssKiB) / Double(jobs), memory.anonymousMiB - idle.anonymousMiB,
                memory.fileMiB - idle.fileMiB))
        Bench.say(
            String(
                format: "%@over the process before start    RSS %+6.1f MiB   peak %+6.1f MiB",
                label, memory.rssMiB - base.rssMiB, memory.peakMiB - base.rssMiB))
    }

    /// Runs one daemon child on a fresh database: idle first, then with every simulator job
    /// tracked, until `cycles` cycles have completed.
    private func measure(
        simulator: OpenAISimulator, directory: String, mallocSettings: [String: String]
    )
        async throws -> Outcome
    {
        let database = directory + "/state/finetuned.db"
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true)
        let config = directory + "/finetuned.conf"
        try Bench.daemonConfig(
            databasePath: database, socketPath: directory + "/control.sock", baseURL: simulator.baseURL,
            pollInterval: pollInterval
        ).write(toFile: config, atomically: true, encoding: .utf8)
        let report = directory + "/baseline"

        let child = Process()
        child.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments =
            ["daemon-memory-child", "--config", config, "--report", report]
            + (defaultAllocator ? ["--default-allocator"] : [])
        child.environment = mallocSettings.merging(["OPENAI_API_KEY": Bench.apiKey, "PATH": "/usr/bin:/bin"]) { $1 }
        try child.run()
        defer { if child.isRunning { child.terminate() } }

        // Baselines: the child's RSS just before Daemon.start, and idle after it (no jobs), which
        // it writes to `report` as two lines.
        let deadline = ContinuousClock.now + .seconds(600)
        var baselines: [Bench.Memory] = []
        while baselines.count < 2 {
            guard child.isRunning, ContinuousClock.now < deadline else {
                throw Failure(description: "the daemon child did not start")
            }
            if let text = try? String(contentsOfFile: report, encoding: .utf8), text.hasSuffix("\n") {
                baselines = text.split(separator: "\n").compactMap { Bench.Memory(line: $0) }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Now the jobs: stored tracked behind the running daemon's back, then one `Jobs.Track`
        // call, which starts a cycle at once (an idle daemon's next cycle is far off).
        let before = simulator.requestLog().last?.receivedAt ?? 0
        do {
            let store = try JobStore.open(path: database)
            try await Bench.trackAllJobs(of: simulator, in: store)
            let first = try store.trackedNonTerminalJobs().first?.id ?? ""
            let client = try await VarlinkClient.connect(to: directory + "/control.sock")
            _ = try await client.call("io.finetuned.Jobs.Track", parameters: ["id": .string(first)])
            await client.close()
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
        let cpuPerCycle = cpuAtSecondWalk.map {
            (Self.cpuSeconds(pid: child.processIdentifier) - $0) / Double(max(1, cycles - 1))
        }
        let memory = Bench.memory(pid: String(child.processIdentifier))
        let elapsed = Bench.seconds(ContinuousClock.now - started)
        child.terminate()
        child.waitUntilExit()
        return Outcome(
            beforeStart: baselines[0], idle: baselines[1], after: memory, cpuPerCycle: cpuPerCycle, requests: requests,
            elapsed: elapsed)
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
                url: simulator.baseURL.absoluteString + "/fine_tuning/jobs?limit=100"
                    + (after.map { "&after=\($0)" } ?? ""))
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

/// The child of `daemon-memory`: writes its own VmRSS/VmHWM (KiB) to `--report` before
/// `Daemon.start` and again once the started daemon has been idle for `--settle` seconds (two
/// lines), then runs the daemon until it is terminated.
struct DaemonMemoryChild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon-memory-child", abstract: "(internal) The daemon process of daemon-memory.",
        shouldDisplay: false)

    @Option var config: String
    @Option var report: String
    @Option var settle = 2.0
    @Flag var noTrim = false
    @Flag var defaultAllocator = false

    func run() async throws {
        var logger = Logger(label: "bench-daemon")
        logger.logLevel = .warning
        if noTrim { FreedMemory.isEnabled.store(false, ordering: .relaxed) }
        // As `finetuned run` does, unless the parent measures glibc's defaults.
        if !defaultAllocator { AllocatorSettings.apply(environment: ProcessInfo.processInfo.environment) }
        let memory = Bench.memory()
        let line = memory.line + "\n"
        let daemon = try await Daemon.start(
            .init(configPath: config, configRequired: true, notifier: ServiceNotifier(destination: .none)),
            logger: logger)
        try await Task.sleep(for: .milliseconds(Int(settle * 1000)))
        let idle = Bench.memory()
        try (line + idle.line + "\n").write(toFile: report, atomically: true, encoding: .utf8)
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(3600))
            _ = daemon.statusLine
        }
    }
}
