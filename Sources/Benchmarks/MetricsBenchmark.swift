import ArgumentParser
import FineTuneDaemon
import Foundation
import Glibc
import JobStore
import OpenAISimulator

/// `Benchmarks metrics`: what the Prometheus metrics cost the daemon, in CPU per poll cycle and in
/// RSS, beside the same daemon with them off (the default), in the same run.
///
/// Each daemon runs alone in a child process (`daemon-memory-child`) on its own copy of one
/// database of N tracked running jobs; this process runs the simulator, counts the child's
/// cycles from the simulator's request log (an unpaged list request starts each one), and reads
/// the child's CPU time (/proc/PID/stat) from the start of its second cycle to the start of the
/// last, and its RSS at the end. With metrics on, /metrics is scraped once per cycle (as a
/// Prometheus scraping every PollInterval would), so the scrapes' cost is in the figure.
struct MetricsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Daemon CPU per poll cycle and RSS with metrics on (scraped every cycle), beside metrics off.")

    @Option(help: "Tracked running jobs.") var jobs = 1_000
    @Option(help: "Poll cycles measured.") var cycles = 8
    @Option(help: "Runs of each configuration, alternating (off, on, off, on, …).") var runs = 2

    struct Failure: Error, CustomStringConvertible { var description: String }

    struct Figures {
        var cpuPerCycleMs: Double
        var rss: Bench.Memory
        var requestsPerCycle: Double
        var scrapeBytes = 0
        var scrapeMs: [Double] = []
    }

    func run() async throws {
        let directory = try Bench.temporaryDirectory("metrics")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        _ = simulator.preloadJobs(count: jobs, status: "running")
        let pristine = directory + "/pristine.db"
        do {
            let store = try JobStore.open(path: pristine)
            try await Bench.trackAllJobs(of: simulator, in: store)
        }
        var off: [Figures] = []
        var on: [Figures] = []
        for run in 0..<(runs * 2) {
            let metricsOn = run % 2 == 1
            let figures = try await measure(
                metricsOn: metricsOn, run: run, directory: directory, pristine: pristine, simulator: simulator)
            if metricsOn { on.append(figures) } else { off.append(figures) }
        }
        try await simulator.shutdown()

        func median(_ values: [Double]) -> Double { Bench.minMedian(values).median }
        Bench.say(
            "metrics cost: \(jobs) tracked running jobs, PollInterval=1s, \(cycles) cycles per run, \(runs) runs each (alternating)"
        )
        for (label, runs) in [("metrics off (default, baseline)", off), ("metrics on, scraped every cycle", on)] {
            Bench.say(
                String(
                    format: "%@  CPU %6.1f ms/cycle (runs: %@)   VmRSS %6.1f MiB   %.0f API requests/cycle",
                    label.padding(toLength: 34, withPad: " ", startingAt: 0),
                    median(runs.map(\.cpuPerCycleMs)),
                    runs.map { String(format: "%.1f", $0.cpuPerCycleMs) }.joined(separator: ", "),
                    median(runs.map(\.rss.rssMiB)), median(runs.map(\.requestsPerCycle))))
        }
        let cpu = median(on.map(\.cpuPerCycleMs)) - median(off.map(\.cpuPerCycleMs))
        let rss = median(on.map(\.rss.rssMiB)) - median(off.map(\.rss.rssMiB))
        let scrapes = on.flatMap(\.scrapeMs)
        Bench.say(
            String(
                format: "difference (on − off)              CPU %+6.1f ms/cycle (%+.0f%%)   VmRSS %+6.1f MiB",
                cpu, 100 * cpu / max(median(off.map(\.cpuPerCycleMs)), 0.001), rss))
        Bench.say(
            String(
                format: "a scrape: %d bytes, %.1f ms median / %.1f ms min wall time (%d scrapes)",
                on.last?.scrapeBytes ?? 0, median(scrapes), Bench.minMedian(scrapes).min, scrapes.count))
    }

    private func measure(
        metricsOn: Bool, run: Int, directory: String, pristine: String, simulator: OpenAISimulator
    )
        async throws -> Figures
    {
        let runDirectory = directory + "/run\(run)"
        try FileManager.default.createDirectory(atPath: runDirectory + "/state", withIntermediateDirectories: true)
        let database = runDirectory + "/state/finetuned.db"
        try FileManager.default.copyItem(atPath: pristine, toPath: database)
        let metricsSocket = runDirectory + "/metrics.sock"
        var config = Bench.daemonConfig(
            databasePath: database, socketPath: runDirectory + "/control.sock", baseURL: simulator.baseURL)
        if metricsOn {
            config = config.replacingOccurrences(of: "[Daemon]\n", with: "[Daemon]\nMetricsListen=\(metricsSocket)\n")
        }
        try config.write(toFile: runDirectory + "/finetuned.conf", atomically: true, encoding: .utf8)

        let child = Process()
        child.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = [
            "daemon-memory-child", "--config", runDirectory + "/finetuned.conf", "--report", runDirectory + "/baseline",
        ]
        child.environment = ["OPENAI_API_KEY": Bench.apiKey, "PATH": "/usr/bin:/bin"]
        var lastSeen = simulator.requestLog().last?.receivedAt ?? 0
        try child.run()
        defer { if child.isRunning { child.terminate() } }
        let pid = child.processIdentifier

        // Walk 1 is the start-up cycle (models, every job's events); measure walks 2 … cycles+2.
        let deadline = ContinuousClock.now + .seconds(300)
        var walks = 0
        var requests = 0
        var cpuAtStart = 0.0
        var figures = Figures(cpuPerCycleMs: 0, rss: Bench.Memory(rssKiB: 0, peakKiB: 0), requestsPerCycle: 0)
        while walks < cycles + 2 {
            guard child.isRunning, ContinuousClock.now < deadline else {
                throw Failure(description: "only \(walks) cycles started within the time limit")
            }
            var newWalk = false
            for record in simulator.requestLog() where record.receivedAt > lastSeen {
                if walks >= 2 { requests += 1 }
                if record.endpoint == "GET /fine_tuning/jobs" && record.query["after"] == nil {
                    walks += 1
                    newWalk = true
                    if walks == 2 { cpuAtStart = Self.cpuSeconds(pid: pid) }
                }
                lastSeen = record.receivedAt
            }
            if newWalk, metricsOn, walks >= 2, walks < cycles + 2 {
                let started = ContinuousClock.now
                let body = try Self.scrape(unixSocket: metricsSocket)
                figures.scrapeMs.append(Bench.milliseconds(ContinuousClock.now - started))
                figures.scrapeBytes = body.count
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let cpu = Self.cpuSeconds(pid: pid) - cpuAtStart
        figures.rss = Bench.memory(pid: String(pid))
        figures.cpuPerCycleMs = cpu * 1000 / Double(cycles)
        figures.requestsPerCycle = Double(requests) / Double(cycles)
        child.terminate()
        child.waitUntilExit()
        return figures
    }

    /// utime + stime of `pid`, in seconds (/proc/PID/stat fields 14 and 15).
    static func cpuSeconds(pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After "pid (comm)": field 3 is at index 0, so utime (14) at 11 and stime (15) at 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// `GET /metrics` over a Unix socket; returns the whole answer (HTTP/1.0, read to EOF).
    static func scrape(unixSocket path: String) throws -> [UInt8] {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect \(path): errno \(errno)") }
        let request = Array("GET /metrics HTTP/1.0\r\n\r\n".utf8)
        guard write(fd, request, request.count) == request.count else {
            throw Failure(description: "write: errno \(errno)")
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            answer += buffer[0..<count]
        }
        guard answer.starts(with: Array("HTTP/1.0 200".utf8)) else {
            throw Failure(description: "scrape: \(String(decoding: answer.prefix(80), as: UTF8.self))")
        }
        return answer
    }
}
