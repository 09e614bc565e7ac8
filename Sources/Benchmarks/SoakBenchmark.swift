import ArgumentParser
import Foundation
import JobStore
import OpenAISimulator

/// `Benchmarks soak`: the real daemon tracking N running jobs for a stretch of simulated time
/// against the simulator with faults on (errors, dropped connections, slow and garbled
/// answers). Its RSS and open descriptors are sampled every simulated minute; the program
/// prints the curve's start, end and maximum, the growth from the first sample to the last, and
/// the same over the second half alone (a leak grows there too; warm-up does not).
///
/// The simulator runs at `--time-scale` (simulated seconds per real second), so an hour takes
/// 3600 / scale real seconds; the daemon polls every `--poll-interval` real seconds. The
/// baseline is the daemon's own first sample, after its first cycle.
struct SoakBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "RSS and open descriptors of the daemon tracking N jobs for simulated hours with faults on.")

    @Option(help: "Tracked running jobs.") var jobs = 10_000
    @Option(help: "Simulated minutes to run (one sample each).") var minutes = 60
    @Option(help: "Simulated seconds per real second.") var timeScale = 30.0
    @Option(help: "The daemon's PollInterval= (real time).") var pollInterval = "1s"
    @Option(help: "Probability of each injected fault per request.") var faultRate = 0.02

    struct Failure: Error, CustomStringConvertible { var description: String }

    struct Sample {
        var minute: Int
        var rssKiB: Int
        var descriptors: Int
        var requests: Int
        var rssMiB: Double { Double(rssKiB) / 1024 }
    }

    func run() async throws {
        let bin = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .deletingLastPathComponent().path
        let daemonPath = bin + "/finetuned"
        guard FileManager.default.isExecutableFile(atPath: daemonPath) else {
            throw Failure(
                description: "\(daemonPath) is missing: build it (swift build -c release --product finetuned)")
        }
        let directory = try Bench.temporaryDirectory("soak")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(timeScale: timeScale, apiKey: Bench.apiKey))
        _ = simulator.preloadJobs(count: jobs, status: "running")
        let database = directory + "/finetuned.db"
        do {
            let store = try JobStore.open(path: database)
            try await Bench.trackAllJobs(of: simulator, in: store)
        }
        // Faults on every endpoint, from the first request the daemon sends.
        simulator.setFaults(
            FaultPlan(
                seed: 14,
                rules: [
                    FaultRule(kind: .status, probability: faultRate, status: 500),
                    FaultRule(kind: .status, probability: faultRate, status: 429, retryAfterMs: 200),
                    FaultRule(kind: .drop, probability: faultRate),
                    FaultRule(kind: .slow, probability: faultRate, delayMs: 300),
                    FaultRule(kind: .corrupt, probability: faultRate),
                    FaultRule(kind: .truncate, probability: faultRate),
                ]))
        let socket = directory + "/control.sock"
        let config = directory + "/finetuned.conf"
        try Bench.daemonConfig(
            databasePath: database, socketPath: socket, baseURL: simulator.baseURL, pollInterval: pollInterval
        )
        .write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: daemonPath)
        daemon.arguments = ["run", "--config", config, "--log-target", "stderr"]
        daemon.environment = ["OPENAI_API_KEY": Bench.apiKey, "PATH": "/usr/bin:/bin"]
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer { if daemon.isRunning { daemon.terminate() } }
        let pid = daemon.processIdentifier

        // The first sample after the daemon's first full walk (the list request after it starts).
        let startDeadline = ContinuousClock.now + .seconds(120)
        while simulator.requestLog().filter({ $0.endpoint == "GET /fine_tuning/jobs" && $0.query["after"] == nil })
            .count < 2
        {
            guard daemon.isRunning, ContinuousClock.now < startDeadline else {
                throw Failure(description: "the daemon did not start polling")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let realMinute = Duration.milliseconds(Int(60_000 / timeScale))
        var samples: [Sample] = []
        let started = ContinuousClock.now
        for minute in 0...minutes {
            guard daemon.isRunning else {
                throw Failure(description: "the daemon exited at simulated minute \(minute)")
            }
            samples.append(
                Sample(
                    minute: minute, rssKiB: Bench.memory(pid: String(pid)).rssKiB,
                    descriptors: Self.openDescriptors(pid: pid), requests: simulator.requestLog().count))
            try await Task.sleep(until: started + realMinute * (minute + 1), clock: .continuous)
        }
        let log = simulator.requestLog()
        daemon.terminate()
        daemon.waitUntilExit()
        try await simulator.shutdown()

        let first = samples[0]
        let last = samples[samples.count - 1]
        let middle = samples[samples.count / 2]
        let maxRSS = samples.max { $0.rssKiB < $1.rssKiB }!
        let maxFDs = samples.max { $0.descriptors < $1.descriptors }!
        let walks = log.filter { $0.endpoint == "GET /fine_tuning/jobs" && $0.query["after"] == nil }.count
        let faults = log.filter { $0.fault != nil }.count
        Bench.say(
            String(
                format:
                    "soak: %d tracked running jobs, %d simulated minutes at time scale %.0f (%.0f s real), PollInterval=%@",
                jobs, minutes, timeScale, Bench.seconds(ContinuousClock.now - started), pollInterval))
        Bench.say(
            "  \(log.count) API requests, \(faults) of them with an injected fault (\(faultRate * 100) % per kind), about \(walks) poll cycles"
        )
        Bench.say("  minute  RSS MiB  fds   (every 10th sample)")
        for sample in samples where sample.minute % 10 == 0 || sample.minute == last.minute {
            Bench.say(String(format: "  %6d  %7.1f  %4d", sample.minute, sample.rssMiB, sample.descriptors))
        }
        Bench.say(
            String(
                format:
                    "RSS   start %.1f MiB, end %.1f MiB, max %.1f MiB (minute %d); end − start %+.1f MiB, second half %+.1f MiB",
                first.rssMiB, last.rssMiB, maxRSS.rssMiB, maxRSS.minute, last.rssMiB - first.rssMiB,
                last.rssMiB - middle.rssMiB))
        Bench.say(
            "fds   start \(first.descriptors), end \(last.descriptors), max \(maxFDs.descriptors) (minute \(maxFDs.minute)); "
                + "end − start \(last.descriptors - first.descriptors), second half \(last.descriptors - middle.descriptors)"
        )
    }

    /// How many descriptors a process has open (entries of /proc/PID/fd).
    static func openDescriptors(pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }
}
