@testable import FineTuneDaemon
import Foundation
import Glibc
import Testing

/// `ChildProcess` (the demo's simulator is started with it): the child sees only the environment
/// it was given and the three standard descriptors, is reaped, and reports how it ended.
@Suite struct ChildProcessTests {
    private func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString.prefix(8))").path
    }

    @Test func theChildGetsOnlyItsEnvironmentAndTheStandardDescriptors() async throws {
        let report = temporaryFile()
        defer { unlink(report) }
        // A descriptor the test leaves open across exec: the child must not have it.
        let leaked = open("/dev/null", O_RDONLY)
        #expect(leaked > 2)
        defer { close(leaked) }
        // The shell's own descriptors, listed by a child of it (ls opens the directory, not the shell).
        let script = "exec > \(report); /usr/bin/env; echo descriptors; /bin/ls /proc/$$/fd"
        let child = try ChildProcess.spawn(
            executable: "/bin/sh", arguments: ["-c", script], environment: ["ONLY": "this"], standardError: .discard)
        for await _ in child.exited {}
        #expect(child.ending == .exited(0))
        #expect(!child.isRunning)
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.contains("ONLY=this"))
        let marker = try #require(lines.firstIndex(of: "descriptors"))
        let names = Set(lines[..<marker].compactMap { $0.split(separator: "=").first.map(String.init) })
        // The test's own PATH, HOME and the rest are not inherited (the shell may add PWD).
        #expect(names.isSubset(of: ["ONLY", "PWD", "OLDPWD", "SHLVL", "_"]), "\(names)")
        #expect(Array(lines[(marker + 1)...]) == ["0", "1", "2"], "\(lines)")
        // Reaped: no zombie left behind.
        var status: Int32 = 0
        #expect(waitpid(child.pid, &status, WNOHANG) == -1 && errno == ECHILD)
    }

    @Test func terminateEndsAChildAndTheEndingSaysBySignal() async throws {
        let child = try ChildProcess.spawn(
            executable: "/bin/sleep", arguments: ["60"], environment: [:], standardError: .discard)
        #expect(child.isRunning)
        child.terminate()
        for await _ in child.exited {}
        #expect(child.ending == .signaled(SIGTERM))
        child.terminate()  // after the reap: signals nothing
    }

    @Test func aMissingExecutableIsAnErrorNamingWhy() {
        #expect(throws: ChildProcess.SpawnFailure.self) {
            try ChildProcess.spawn(
                executable: "/nonexistent/openai-sim", arguments: [], environment: [:], standardError: .discard)
        }
    }
}
