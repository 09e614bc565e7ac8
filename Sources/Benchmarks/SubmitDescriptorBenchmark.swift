import ArgumentParser
import Foundation
import JobStore
import OpenAISimulator
import Varlink

/// `Benchmarks submit-descriptor`: a large training file submitted to the real daemon (a child
/// process) by descriptor. Prints the throughput of the daemon's copy + sha256 into its content
/// store and of its validation, beside `cp` of the same file in the same run, and the daemon's
/// peak RSS during the submit (sampled every 10 ms, and VmHWM) over its idle RSS after start,
/// and its RSS once the submit has ended (memory given back: within 10 MiB of idle is the goal).
/// It also times `Jobs.Get` on one connection while the daemon validates the file, beside the
/// same calls on the idle daemon before the submit (issue 12: the socket stays responsive).
///
/// The file holds distinct chat examples of about 2 KB (a realistic size; the validator's memory
/// grows with the number of examples, for duplicate detection). The submission carries `max_cost` 0.01, so it ends after validation (over budget) and nothing
/// is uploaded: the figures are the daemon's own work, not the simulator's. `cp` runs first, so
/// both read the file from a warm page cache.
struct SubmitDescriptorBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit-descriptor",
        abstract: "Copy+hash and validation throughput of a submit by descriptor beside cp; daemon peak RSS over idle.")

    @Option(help: "File size in MB (10^6 bytes).") var megabytes = 1000
    @Flag(help: "Run the daemon without malloc_trim after work on its own threads (FreedMemory), to compare.")
    var noTrim = false
    @Flag(help: "Run the daemon with glibc's allocator defaults instead of its AllocatorSettings, to compare.")
    var defaultAllocator = false

    struct Failure: Error, CustomStringConvertible { var description: String }

    func run() async throws {
        let directory = try Bench.temporaryDirectory("submit")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/train.jsonl"
        let size = try Self.writeTrainingFile(file, bytes: megabytes * 1_000_000)
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        // One tracked job for Jobs.Get to read (succeeded: the poll loop leaves it alone).
        let jobID = simulator.preloadJobs(count: 1, status: "succeeded")[0]
        let database = directory + "/state/finetuned.db"
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true)
        do {
            let store = try JobStore.open(path: database)
            try await Bench.trackAllJobs(of: simulator, in: store)
        }
        let socket = directory + "/control.sock"
        let config = directory + "/finetuned.conf"
        try Bench.daemonConfig(databasePath: database, socketPath: socket, baseURL: simulator.baseURL)
            .write(toFile: config, atomically: true, encoding: .utf8)

        let child = Process()
        child.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments =
            ["daemon-memory-child", "--config", config, "--report", directory + "/baseline"]
            + (noTrim ? ["--no-trim"] : []) + (defaultAllocator ? ["--default-allocator"] : [])
        child.environment = ["OPENAI_API_KEY": Bench.apiKey, "PATH": "/usr/bin:/bin"]
        try child.run()
        defer { if child.isRunning { child.terminate() } }
        let pid = String(child.processIdentifier)
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: socket) {
            guard child.isRunning, ContinuousClock.now < deadline else {
                throw Failure(description: "the daemon did not start")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .seconds(1))
        let idle = Bench.memory(pid: pid)

        // Baseline: cp of the same file (it also warms the page cache for the daemon).
        let copyStart = ContinuousClock.now
        let cp = Process()
        cp.executableURL = URL(fileURLWithPath: "/bin/cp")
        cp.arguments = [file, directory + "/cp-copy"]
        try cp.run()
        cp.waitUntilExit()
        let cpSeconds = Bench.seconds(ContinuousClock.now - copyStart)
        try FileManager.default.removeItem(atPath: directory + "/cp-copy")

        // Baseline for the latency: Jobs.Get on the idle daemon, as many calls as fit in 2 s.
        let idleStop = JobsGetLoop.Stop()
        async let idleLoop = JobsGetLoop.run(
            name: "Jobs.Get ×1, idle daemon (baseline)", socket: socket, jobID: jobID, stop: idleStop)
        try await Task.sleep(for: .seconds(2))
        idleStop.set()
        let idleGet = try await idleLoop

        let sampler = Task {
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, Bench.memory(pid: pid).rssKiB)
                try? await Task.sleep(for: .milliseconds(10))
            }
            return peak
        }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(description: "cannot open \(file)") }
        defer { close(descriptor) }
        var marks: [String: ContinuousClock.Instant] = [:]
        var busyGet: Task<(summary: LatencySummary, slowest: Duration), any Error>?
        let busyStop = JobsGetLoop.Stop()
        let start = ContinuousClock.now
        let (client, replies) = try await VarlinkClient.connect(
            to: socket, callingMore: "io.finetuned.Jobs.Submit",
            parameters: [
                "training_file": .string(file), "training_file_descriptor": 0, "model": "gpt-4o-mini",
                "method": "supervised", "max_cost": 0.01,
            ],
            descriptors: [descriptor])
        var outcome = "?"
        do {
            for try await reply in replies {
                if let state = reply["state"]?.stringValue, marks[state] == nil {
                    marks[state] = ContinuousClock.now
                    if state == "validating" {
                        busyGet = Task {
                            try await JobsGetLoop.run(
                                name: "Jobs.Get ×1, while validating", socket: socket, jobID: jobID, minimumCalls: 1,
                                stop: busyStop)
                        }
                    }
                    if state != "validating" && marks["validating"] != nil { busyStop.set() }
                }
            }
            outcome = "accepted (not over budget?)"
        } catch let error as VarlinkError {
            outcome = error.name
        }
        let end = ContinuousClock.now
        busyStop.set()
        let validatingGet = try await busyGet?.value
        await client.close()
        sampler.cancel()
        let peakSampled = await sampler.value
        let after = Bench.memory(pid: pid)
        // Memory given back: the RSS once the daemon has been idle again for a few seconds.
        try await Task.sleep(for: .seconds(3))
        let settled = Bench.memory(pid: pid)
        child.terminate()
        child.waitUntilExit()
        try await simulator.shutdown()

        guard let copying = marks["copying"], let validating = marks["validating"] else {
            throw Failure(description: "no copying/validating progress (\(marks.keys.sorted())); outcome \(outcome)")
        }
        let megabytes = Double(size) / 1_000_000
        let copySeconds = Bench.seconds(validating - copying)
        let validateSeconds = Bench.seconds(end - validating)
        Bench.say(
            String(
                format: "file: %.0f MB of chat JSONL; submit by descriptor ended %@%@", megabytes, outcome,
                (noTrim ? "; daemon without malloc_trim (--no-trim)" : "")
                    + (defaultAllocator ? "; glibc's allocator defaults" : "")))
        Bench.say(
            String(
                format: "cp of the same file (baseline)          %6.2f s  %7.1f MB/s", cpSeconds, megabytes / cpSeconds)
        )
        Bench.say(
            String(
                format: "daemon copy + sha256 + fsync + rename   %6.2f s  %7.1f MB/s  (%.2f× cp's time)",
                copySeconds, megabytes / copySeconds, copySeconds / cpSeconds))
        Bench.say(
            String(
                format: "daemon validation of its copy           %6.2f s  %7.1f MB/s", validateSeconds,
                megabytes / validateSeconds))
        Bench.say(
            String(
                format: "whole submit (accepted → answer)        %6.2f s  %7.1f MB/s; first reply after %.1f ms",
                Bench.seconds(end - start), megabytes / Bench.seconds(end - start),
                Bench.milliseconds((marks["received"] ?? start) - start)))
        Bench.say(
            String(
                format:
                    "daemon RSS idle %.1f MiB; peak during the submit %.1f MiB sampled (VmHWM %.1f MiB): +%.1f MiB (goal ≤ +64 MiB)",
                idle.rssMiB, Double(peakSampled) / 1024, after.peakMiB,
                Double(max(peakSampled, after.peakKiB) - idle.rssKiB) / 1024))
        Bench.say(
            String(
                format:
                    "daemon RSS 3 s after the submit ended %.1f MiB: %+.1f MiB over idle (goal ≤ +10 MiB; RssAnon %+.1f, RssFile %+.1f)",
                settled.rssMiB, settled.rssMiB - idle.rssMiB, settled.anonymousMiB - idle.anonymousMiB,
                settled.fileMiB - idle.fileMiB))
        func latencyRow(_ result: (summary: LatencySummary, slowest: Duration)) -> String {
            result.summary.row + String(format: "  max %.1f ms", Bench.milliseconds(result.slowest))
        }
        Bench.say(latencyRow(idleGet))
        if let validatingGet {
            Bench.say(latencyRow(validatingGet))
            Bench.say(
                String(
                    format: "Jobs.Get while validating / idle: %.2f× the p50, %.2f× the p99",
                    Bench.seconds(validatingGet.summary.p50) / Bench.seconds(idleGet.summary.p50),
                    Bench.seconds(validatingGet.summary.p99) / Bench.seconds(idleGet.summary.p99)))
        } else {
            Bench.say("Jobs.Get while validating: the submit never reported the validating state")
        }
    }

    /// Writes distinct chat examples of about 2 KB until `bytes`; returns the size written.
    static func writeTrainingFile(_ path: String, bytes: Int) throws -> Int {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let paragraph = String(
            repeating: "Carry the tens when the ones add up to ten or more, then add the tens column. ", count: 22)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure(description: "cannot write \(path)")
        }
        defer { try? handle.close() }
        var written = 0
        var index = 0
        while written < bytes {
            var block = Data()
            for _ in 0..<1000 {
                index += 1
                block.append(
                    contentsOf: Array(
                        #"{"messages": [{"role": "system", "content": "You are a patient teaching assistant."}, {"role": "user", "content": "What is \#(index) plus \#(index)? Explain the steps of the addition briefly."}, {"role": "assistant", "content": "\#(index) + \#(index) = \#(2 * index). \#(paragraph)Check by halving the result."}]}"#
                            .utf8) + [10])
            }
            try handle.write(contentsOf: block)
            written += block.count
        }
        return written
    }
}
