import ArgumentParser
import FineTuneDaemon
import Foundation
import JobStore
import Logging
import OpenAISimulator
import Systemd

/// `Benchmarks startup`: time from `Daemon.start` to the READY=1 datagram with a database of
/// 100,000 finished jobs, after a clean stop (no `quick_check`) and after a crash (with it),
/// beside `JobStore.open` alone on the same file (the floor) and the daemon's start on an empty
/// database, all in the same run.
struct StartupBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Daemon start → READY=1 with 100,000 jobs stored, beside JobStore.open alone and an empty database.")

    @Option(help: "Jobs in the database.") var jobs = 100_000
    @Option(help: "Events per job.") var events = 5
    @Option(help: "Measured runs of each kind (after one warm-up).") var runs = 7

    func run() async throws {
        let history = try HistoryDatabase.ensure(jobs: jobs, eventsPerJob: events)
        let directory = try Bench.temporaryDirectory("startup")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        let listener = try NotifyListener(path: directory + "/notify.sock")
        var logger = Logger(label: "bench-daemon")
        logger.logLevel = .warning

        // The floor: opening the same file (identity, quick_check, migrations), nothing else;
        // and the same without `PRAGMA quick_check`, which reads every page.
        func openTimes(_ options: JobStoreOptions) throws -> [Double] {
            var times: [Double] = []
            for run in 0...runs {
                let start = ContinuousClock.now
                let store = try JobStore.open(path: history, options: options)
                let elapsed = ContinuousClock.now - start
                _ = store
                if run > 0 { times.append(Bench.milliseconds(elapsed)) }
            }
            return times
        }
        let openChecked = try openTimes(JobStoreOptions())
        let openUnchecked = try openTimes(JobStoreOptions(integrityCheck: .never))

        var runIndex = 0
        /// Each start follows the clean stop of the one before; `afterCrash` removes the marker
        /// that stop left, as a SIGKILL would have, so the start reads every page.
        func startToReady(database: String, afterCrash: Bool = false) async throws -> Double {
            runIndex += 1
            if afterCrash { try? FileManager.default.removeItem(atPath: CleanStopMarker(databasePath: database).path) }
            let config = directory + "/run\(runIndex).conf"
            try Bench.daemonConfig(
                databasePath: database, socketPath: directory + "/run\(runIndex).sock", baseURL: simulator.baseURL,
                pollInterval: "60s"
            ).write(toFile: config, atomically: true, encoding: .utf8)
            let options = Daemon.Options(
                configPath: config, configRequired: true, environment: ["OPENAI_API_KEY": Bench.apiKey],
                notifier: ServiceNotifier(destination: .socket(path: listener.path)))
            let readyBefore = listener.readyCount
            let start = ContinuousClock.now
            let daemon = try await Daemon.start(options, logger: logger)
            let ready = try await listener.waitForReady(index: readyBefore)
            await daemon.stop()
            return Bench.milliseconds(ready - start)
        }

        let empty = directory + "/empty.db"
        var emptyTimes: [Double] = []
        var fullTimes: [Double] = []
        var crashTimes: [Double] = []
        for run in 0...runs {
            let e = try await startToReady(database: empty)
            let f = try await startToReady(database: history)
            let c = try await startToReady(database: history, afterCrash: true)
            if run > 0 {
                emptyTimes.append(e)
                fullTimes.append(f)
                crashTimes.append(c)
            }
        }
        listener.close()
        try await simulator.shutdown()

        Bench.say("startup: \(jobs) jobs × \(events) events in \(history); \(runs) runs each after a warm-up")
        func row(_ name: String, _ values: [Double]) {
            let (low, median) = Bench.minMedian(values)
            Bench.say(
                name.padding(toLength: 54, withPad: " ", startingAt: 0)
                    + String(format: "min %8.2f ms   median %8.2f ms", low, median))
        }
        row("JobStore.open alone, \(jobs) jobs (floor)", openChecked)
        row("JobStore.open, no quick_check, \(jobs) jobs", openUnchecked)
        row("Daemon.start → READY=1, empty database", emptyTimes)
        row("Daemon.start → READY=1, \(jobs) jobs, after clean stop", fullTimes)
        row("Daemon.start → READY=1, \(jobs) jobs, after a crash", crashTimes)
    }
}
