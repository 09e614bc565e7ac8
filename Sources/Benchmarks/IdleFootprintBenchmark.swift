import ArgumentParser
import Foundation
import OpenAISimulator

/// `Benchmarks idle-footprint`: the real daemon's idle RSS (no jobs, after start-up settled),
/// beside what the Swift libraries alone cost in the same run: the same small program
/// (`footprint-probe-*`, encoding and decoding 100 records as JSON) on the standard library
/// alone, on FoundationEssentials, on Foundation, and on Foundation linked statically. Each
/// process's RSS is split by mapping (`/proc/PID/smaps`), so the figure says where it goes.
///
/// The probes and `finetuned` are taken from the directory of this executable (build them in
/// the same configuration: `swift build -c release`). Each daemon's line says which link it was
/// measured with (`linkDescription`): `--also` puts other links of the daemon, e.g. main's
/// binary as the baseline, beside it in the same run.
struct IdleFootprintBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle-footprint",
        abstract:
            "The daemon's idle RSS by mapping, beside small programs on stdlib, FoundationEssentials, Foundation, static."
    )

    @Option(help: "Seconds the daemon runs idle before it is measured.") var settle = 3.0
    @Option(help: "Mappings listed per process.") var top = 8
    @Option(
        help:
            "Another finetuned binary (another link or build configuration, e.g. main's as the baseline) measured the same way in the same run, beside this one."
    )
    var also: [String] = []

    struct Failure: Error, CustomStringConvertible { var description: String }

    func run() async throws {
        let bin = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .deletingLastPathComponent().path
        let probes = [
            ("standard library only (baseline)", "footprint-probe-swift"),
            ("FoundationEssentials", "footprint-probe-essentials"),
            ("Foundation (+ICU, +Internationalization)", "footprint-probe-foundation"),
            ("Foundation, -static-stdlib", "footprint-probe-foundation-static"),
        ]
        var rows: [(String, Footprint)] = []
        for (label, name) in probes {
            rows.append((label, try await Self.measureProbe(bin + "/" + name)))
        }
        let daemon = try await Self.measureDaemon(bin + "/finetuned", settle: settle)

        Bench.say("idle RSS (VmRSS), each process measured while it waits; MiB")
        for (label, footprint) in rows {
            Bench.say(
                "  " + label.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + String(format: " %6.1f   ", footprint.rssMiB) + footprint.summary(top: 4))
        }
        let (swiftOnly, essentials, foundation, staticFoundation) = (rows[0].1, rows[1].1, rows[2].1, rows[3].1)
        Bench.say(
            String(
                format: "  cost of FoundationEssentials over the stdlib   +%.1f MiB",
                essentials.rssMiB - swiftOnly.rssMiB))
        Bench.say(
            String(
                format: "  cost of Foundation over FoundationEssentials   +%.1f MiB",
                foundation.rssMiB - essentials.rssMiB))
        Bench.say(
            String(
                format: "  Foundation linked statically saves             %.1f MiB",
                foundation.rssMiB - staticFoundation.rssMiB))
        report(daemon, path: bin + "/finetuned")
        for path in also { report(try await Self.measureDaemon(path, settle: settle), path: path) }
    }

    /// One daemon's line: VmRSS (the goal's figure) beside its anonymous part and its PSS (file
    /// pages shared with other processes counted by share), then the link it was measured with
    /// (`linkDescription`) and its largest mappings.
    private func report(_ daemon: Footprint, path: String) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int).flatMap { $0 } ?? 0
        Bench.say(
            String(
                format:
                    "the daemon (%@, %.0f MB), idle, no jobs: VmRSS %.1f MiB (goal ≤ 25 MiB), anonymous %.1f MiB, PSS %.1f MiB",
                path, Double(size) / 1e6, daemon.rssMiB, daemon.anonymousMiB, daemon.pssMiB))
        Bench.say("  link: " + Self.linkDescription(daemon, path: path))
        Bench.say("  " + daemon.summary(top: top))
    }

    /// The link a daemon binary was built with, read from the binary (`readelf`) and the running
    /// process's mappings: the linker (lld says so in `.comment`), the start-up ordering
    /// (`orderingCoverage`), relative relocations packed (DT_RELR) or not, position-independent
    /// or not, Swift libraries shared or static.
    static func linkDescription(_ daemon: Footprint, path: String) -> String {
        let comment = output(of: "/usr/bin/readelf", ["-p", ".comment", path])
        let dynamic = output(of: "/usr/bin/readelf", ["-d", "-W", path])
        let header = output(of: "/usr/bin/readelf", ["-h", "-W", path])
        var parts = [comment.contains("Linker: LLD") ? "lld" : "not lld (gold)"]
        if let ordering = orderingCoverage(path: path) {
            parts.append(
                "\(ordering.present) of the \(ordering.listed) names of startup-functions.order in its .text, "
                    + "90 % of them in the first \(ordering.spanPercent) % of .text (about 85 % when not ordered)")
        }
        parts.append(
            dynamic.contains("(RELR)") ? "relative relocations packed (DT_RELR)" : "relative relocations unpacked")
        parts.append(header.contains("DYN (") ? "PIE" : "not PIE")
        parts.append(
            daemon.mappings.keys.contains("libswiftCore.so") ? "Swift libraries shared" : "Swift libraries static")
        return parts.joined(separator: ", ")
    }

    /// How the source tree's `startup-functions.order` matches the binary at `path`: how many of
    /// its names the binary defines in .text (names it lacks were skipped by the link: a sign the
    /// file is stale), and how far into .text 90 % of those functions lie, in percent (whether the link
    /// used the file: ordered, they sit at the start). Nil when the file is not beside this
    /// source or the binary is stripped.
    static func orderingCoverage(path: String) -> (present: Int, listed: Int, spanPercent: Int)? {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("finetuned/startup-functions.order")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let listed = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        var addresses: [String: UInt64] = [:]
        for line in output(of: "/usr/bin/readelf", ["-s", "-W", path]).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 8, fields[3] == "FUNC", let address = UInt64(fields[1], radix: 16) {
                addresses[String(fields[7])] = address
            }
        }
        // "  [32] .text  PROGBITS  address offset size ..." (an index below 10 reads "[ 9]").
        let textHeader = output(of: "/usr/bin/readelf", ["-S", "-W", path]).split(separator: "\n")
            .map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            .compactMap { fields in fields.firstIndex(of: ".text").map { Array(fields[$0...]) } }
            .first { $0.count > 4 && $0[1] == "PROGBITS" }
        guard let textHeader, let start = UInt64(textHeader[2], radix: 16), let size = UInt64(textHeader[4], radix: 16),
            size > 0
        else { return nil }
        let positions = listed.compactMap { addresses[$0] }.filter { $0 >= start && $0 - start < size }
            .map { Double($0 - start) / Double(size) }.sorted()
        guard !positions.isEmpty else { return nil }
        let span = positions[min(positions.count - 1, positions.count * 9 / 10)]
        return (positions.count, listed.count, Int((span * 100).rounded()))
    }

    /// What `executable arguments` prints on its standard output ("" when it cannot run).
    static func output(of executable: String, _ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let data = (try? pipe.fileHandleForReading.readToEnd()) ?? nil
        process.waitUntilExit()
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    /// Where a process's resident memory is: KiB by mapping (file name, or `[anon]`).
    struct Footprint {
        var rssKiB: Int
        var anonymousKiB: Int
        var pssKiB = 0
        var mappings: [String: Int]
        var rssMiB: Double { Double(rssKiB) / 1024 }
        var anonymousMiB: Double { Double(anonymousKiB) / 1024 }
        var pssMiB: Double { Double(pssKiB) / 1024 }

        func summary(top: Int) -> String {
            mappings.sorted { $0.value > $1.value }.prefix(top)
                .map { String(format: "%@ %.1f", $0.key, Double($0.value) / 1024) }.joined(separator: ", ")
        }

        static func read(pid: Int32) -> Footprint {
            let status = Bench.memory(pid: String(pid))
            var mappings: [String: Int] = [:]
            var anonymous = 0
            var pss = 0
            var current = "[anon]"
            let text = readWhole("/proc/\(pid)/smaps")
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard let first = fields.first else { continue }
                if first.contains("-"), !first.hasSuffix(":") {
                    // A mapping's header: "start-end perms offset dev inode [path]".
                    current = fields.count > 5 ? String(fields[5].split(separator: "/").last ?? fields[5]) : "[anon]"
                    if current.hasPrefix("[") && current != "[stack]" { current = "[anon]" }
                } else if first == "Rss:", fields.count > 1, let kib = Int(fields[1]) {
                    mappings[current, default: 0] += kib
                } else if first == "Anonymous:", fields.count > 1, let kib = Int(fields[1]) {
                    anonymous += kib
                } else if first == "Pss:", fields.count > 1, let kib = Int(fields[1]) {
                    pss += kib
                }
            }
            return Footprint(rssKiB: status.rssKiB, anonymousKiB: anonymous, pssKiB: pss, mappings: mappings)
        }

        /// A /proc file read to its end with read(2) (its size shows as 0, so readers that go by
        /// the size stop early).
        static func readWhole(_ path: String) -> String {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return "" }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
                guard count > 0 else { break }
                bytes += chunk[0..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Starts a probe, lets it do its work (a few milliseconds; it then waits on its input),
    /// reads its footprint after a second, then closes its input.
    static func measureProbe(_ path: String) async throws -> Footprint {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(
                description:
                    "\(path) is missing: build it (swift build -c release --product \((path as NSString).lastPathComponent))"
            )
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: path)
        let input = Pipe()
        probe.standardInput = input
        probe.standardOutput = FileHandle.nullDevice
        try probe.run()
        defer { if probe.isRunning { probe.terminate() } }
        try await Task.sleep(for: .seconds(1))
        guard probe.isRunning else {
            throw Failure(description: "\(path) exited early (status \(probe.terminationStatus))")
        }
        let footprint = Footprint.read(pid: probe.processIdentifier)
        try input.fileHandleForWriting.close()
        probe.waitUntilExit()
        return footprint
    }

    /// Runs the real daemon against the simulator with no jobs, and measures it once it has
    /// answered on its control socket and run idle for `settle` seconds.
    static func measureDaemon(_ path: String, settle: Double) async throws -> Footprint {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing: build it (swift build -c release --product finetuned)")
        }
        let directory = try Bench.temporaryDirectory("idle")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simulator = try await OpenAISimulator.start(.init(apiKey: Bench.apiKey))
        let socket = directory + "/control.sock"
        let config = directory + "/finetuned.conf"
        try Bench.daemonConfig(
            databasePath: directory + "/finetuned.db", socketPath: socket, baseURL: simulator.baseURL
        )
        .write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: path)
        daemon.arguments = ["run", "--config", config, "--log-target", "stderr"]
        daemon.environment = ["OPENAI_API_KEY": Bench.apiKey, "PATH": "/usr/bin:/bin"]
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer { if daemon.isRunning { daemon.terminate() } }
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: socket) {
            guard daemon.isRunning, ContinuousClock.now < deadline else {
                throw Failure(description: "the daemon did not start")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(Int(settle * 1000)))
        let footprint = Footprint.read(pid: daemon.processIdentifier)
        daemon.terminate()
        daemon.waitUntilExit()
        try await simulator.shutdown()
        return footprint
    }
}
