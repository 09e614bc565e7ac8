import Foundation
import Glibc
import Testing
@testable import Systemd

/// Tests that read or change the process environment run one at a time.
@Suite("Process environment", .serialized)
struct ProcessEnvironmentTests {
    @Test("a hook sees exactly the given environment, never the daemon's API key")
    func exactEnvironment() async throws {
        let dir = try TemporaryDirectory()
        setenv("OPENAI_API_KEY", "sk-test-must-not-leak", 1)
        defer { unsetenv("OPENAI_API_KEY") }
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
        #expect(!lines.contains { $0.contains("sk-test") })
    }

    @Test("the libsystemd notifier follows NOTIFY_SOCKET, and is a no-op without it")
    func environmentNotifier() throws {
        let dir = try TemporaryDirectory()
        let listener = try DatagramListener(directory: dir.path)
        unsetenv("NOTIFY_SOCKET")
        #expect(!ServiceNotifier().isConnected)
        #expect(!ServiceNotifier().ready())
        setenv("NOTIFY_SOCKET", listener.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        #expect(ServiceNotifier().isConnected)
        #expect(ServiceNotifier().ready(status: "starting"))
        #expect(ServiceNotifier().stopping())
        #expect(listener.receive() == "READY=1\nSTATUS=starting")
        #expect(listener.receive() == "STOPPING=1")
    }

    @Test("the watchdog interval comes from WATCHDOG_USEC for this process only")
    func watchdogInterval() {
        setenv("WATCHDOG_USEC", "20000000", 1)
        setenv("WATCHDOG_PID", String(getpid()), 1)
        #expect(ServiceNotifier.watchdogInterval() == .seconds(20))
        setenv("WATCHDOG_PID", String(getpid() + 1), 1)
        #expect(ServiceNotifier.watchdogInterval() == nil)
        unsetenv("WATCHDOG_USEC")
        unsetenv("WATCHDOG_PID")
        #expect(ServiceNotifier.watchdogInterval() == nil)
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
