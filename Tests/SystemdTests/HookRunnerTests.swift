import Foundation
import Glibc
import Testing
@testable import Systemd

/// What the process environment decides. The test process never changes its own environment:
/// `setenv` beside other tests that spawn children (which copy `environ`) is a data race, the
/// likely cause of a crash seen inside `Process.run()`. A child with its own environment
/// (`finetuned-systemd-probe notify`) plays the service instead.
@Suite("Process environment")
struct ProcessEnvironmentTests {
    @Test("a hook sees exactly the given environment, never the daemon's (its API key included)")
    func exactEnvironment() async throws {
        let dir = try TemporaryDirectory()
        // The test process has a PATH; the hook must not inherit it, nor anything else.
        let inherited = try #require(ProcessInfo.processInfo.environment["PATH"])
        let output = dir.path + "/env.txt"
        let runner = HookRunner(timeout: .seconds(30), output: .file(path: output))
        let environment = [
            "FINETUNED_JOB": "ftjob-abc", "FINETUNED_STATUS": "failed",
            "FINETUNED_MODEL": "", "FINETUNED_ERROR": "invalid file: line 3",
        ]
        let result = await runner.run(try HookCommand(commandLine: "/usr/bin/env"), environment: environment)
        #expect(result == .exited(status: 0))
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Set(lines) == Set(environment.map { "\($0.key)=\($0.value)" }))
        #expect(!lines.contains("PATH=\(inherited)"))
    }

    @Test("the libsystemd notifier follows NOTIFY_SOCKET, and is a no-op without it")
    func environmentNotifier() throws {
        let dir = try TemporaryDirectory()
        let listener = try DatagramListener(directory: dir.path)
        let alone = try Probe.notify(environment: [:])
        #expect(alone.status == 2 && alone.stderr.contains("NOTIFY_SOCKET is not set"), "\(alone)")
        let run = try Probe.notify(environment: ["NOTIFY_SOCKET": listener.path])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "watchdog interval: off\n")
        #expect(listener.receive() == "READY=1\nSTATUS=0 running, 0 queued; last poll never")
        #expect(listener.receive() == "STATUS=1 running, 0 queued; last poll 0 s ago")
        #expect(listener.receive()?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
        #expect(listener.receive() == "READY=1")
        #expect(listener.receive() == "STOPPING=1")
    }

    @Test("the watchdog interval comes from WATCHDOG_USEC, for the process WATCHDOG_PID names")
    func watchdogInterval() throws {
        // A listener for each run: one that nobody reads fills up, and the sender then blocks.
        func interval(_ environment: [String: String]) throws -> String {
            let dir = try TemporaryDirectory()
            let listener = try DatagramListener(directory: dir.path)
            let run = try Probe.notify(environment: environment.merging(["NOTIFY_SOCKET": listener.path]) { $1 })
            #expect(run.status == 0, "\(run)")
            return run.stdout
        }
        #expect(try interval(["WATCHDOG_USEC": "20000000"]) == "watchdog interval: 20.0 seconds\n")
        #expect(try interval(["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "1"]) == "watchdog interval: off\n")
        #expect(try interval([:]) == "watchdog interval: off\n")
    }
}

/// `finetuned-systemd-probe`, built beside the test bundle, run with an exact environment.
enum Probe {
    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status); stdout: \(stdout); stderr: \(stderr)" }
    }

    static func notify(environment: [String: String]) throws -> Run {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let process = Process()
        process.executableURL = bundle.appendingPathComponent("finetuned-systemd-probe")
        process.arguments = ["notify"]
        process.environment = environment
        let dir = try TemporaryDirectory()
        // Files, not pipes: the child's output is read after it ended, with no reader thread.
        try #require(FileManager.default.createFile(atPath: dir.path + "/out", contents: nil))
        try #require(FileManager.default.createFile(atPath: dir.path + "/err", contents: nil))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.path + "/out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.path + "/err"))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // A child that hangs fails the test instead of holding it for ever.
        let pid = process.processIdentifier
        let killer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: killer)
        process.waitUntilExit()
        killer.cancel()
        try out.close()
        try err.close()
        return Run(
            status: process.terminationStatus,
            stdout: try String(contentsOfFile: dir.path + "/out", encoding: .utf8),
            stderr: try String(contentsOfFile: dir.path + "/err", encoding: .utf8))
    }
}

@Suite("Running OnJobEnd hooks")
struct HookRunnerTests {
    @Test("a failing hook's exit status is reported")
    func failure() async throws {
        let result = await HookRunner(output: .discard).run(
            try HookCommand(commandLine: #"/bin/sh -c "exit 3""#), environment: [:])
        #expect(result == .exited(status: 3))
        #expect(!result.succeeded)
    }

    @Test("a hook that cannot start is reported, not thrown")
    func cannotStart() async throws {
        let result = await HookRunner().run(try HookCommand(argv: ["/nonexistent/hook"]), environment: [:])
        #expect(result == .failedToStart(errno: ENOENT))
        #expect(result.description.contains("No such file"))
    }

    @Test("a hook that overruns its time limit is killed, with its children")
    func timeout() async throws {
        let started = ContinuousClock.now
        let result = await HookRunner(timeout: .milliseconds(200), output: .discard).run(
            try HookCommand(commandLine: #"/bin/sh -c "sleep 30 & sleep 30""#), environment: [:])
        #expect(result == .signaled(signal: SIGTERM, timedOut: true))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("a socket passed by systemd is found by name only if it listens on a Unix stream")
    func listenFDs() throws {
        let dir = try TemporaryDirectory()
        let stream = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(stream) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array((dir.path + "/c.sock").utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(stream, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        let fds = ListenFDs(sockets: [.init(fd: stream, name: "control")])
        #expect(fds.controlSocket == nil)  // bound but not listening yet
        #expect(listen(stream, 4) == 0)
        #expect(fds.controlSocket == stream)
        #expect(ListenFDs(sockets: [.init(fd: stream, name: "other")]).controlSocket == nil)
    }
}
