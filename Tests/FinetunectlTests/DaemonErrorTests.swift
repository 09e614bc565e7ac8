import FinetunedTesting
import Foundation
import Testing

/// The daemon's refusals reach the user as the daemon said them, and "Is finetuned running?"
/// is asked only when nothing listens.
@Suite(.serialized) struct DaemonErrorTests {
    /// Unix-socket connections held open by the test.
    final class HeldConnections {
        var fds: [Int32] = []
        deinit { for fd in fds { close(fd) } }

        func open(_ count: Int, to path: String) throws {
            for _ in 0..<count {
                // Close-on-exec: the finetunectl children must not hold them too.
                let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                guard fd >= 0 else { throw FixtureError("socket: errno \(errno)") }
                fds.append(fd)
                var address = sockaddr_un()
                address.sun_family = sa_family_t(AF_UNIX)
                withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
                let rc = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                }
                guard rc == 0 else { throw FixtureError("connect: errno \(errno)") }
            }
        }

        /// Makes a `GetInfo` call on every connection and returns how many were answered with
        /// the service's info (each is then surely admitted). On a thread of its own: the reads
        /// block, and the concurrency pool must stay free for the daemon.
        func admitted() async -> Int {
            let fds = self.fds
            return await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    var answered = 0
                    let call = Array("{\"method\":\"org.varlink.service.GetInfo\"}".utf8) + [0]
                    for fd in fds {
                        _ = call.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                        var reply: [UInt8] = []
                        var buffer = [UInt8](repeating: 0, count: 4096)
                        while !reply.contains(0) {
                            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                            guard poll(&ready, 1, 10_000) == 1 else { break }
                            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                            guard n > 0 else { break }
                            reply += buffer[0..<n]
                        }
                        if String(decoding: reply, as: UTF8.self).contains("\"interfaces\"") { answered += 1 }
                    }
                    continuation.resume(returning: answered)
                }
            }
        }
    }

    @Test func overTheConnectionCapEveryCommandSaysSo() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            // The daemon accepts 256 connections from one user; these take them all.
            let held = HeldConnections()
            try held.open(256, to: fixture.socketPath)
            #expect(await held.admitted() == 256)
            let commands: [[String]] = [
                ["list"], ["list", "--json"], ["daemon-status"], ["daemon-status", "--json"], ["status", "ftjob-x"],
                ["watch"], ["events", "ftjob-x", "--follow"], ["models"],
            ]
            // Three times each: whether the refusal arrives before or after the call is written,
            // it is what the user reads.
            for command in commands + commands + commands {
                let run = try await Ctl.run(command + ["--socket", fixture.socketPath])
                #expect(run.status == 2, "\(command): \(run)")
                #expect(
                    run.stderr.contains(
                        "finetuned refused the connection: it has as many connections open as it accepts"),
                    "\(command): \(run)")
                for wrong in ["Broken pipe", "closed the connection", "Is finetuned running?", "errno"] {
                    #expect(!run.stderr.contains(wrong), "\(command): \(wrong): \(run)")
                }
            }
            held.fds.forEach { close($0) }
            held.fds = []
            // Once they are closed, the daemon answers again.
            var answered = false
            for _ in 0..<100 where !answered {
                answered = try await fixture.ctl("list").status == 0
            }
            #expect(answered)
        }
    }

    @Test(
        .enabled(
            if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
            "needs root to run finetunectl as nobody"))
    func aRefusedReadSaysWhatReadingNeedsAndARefusedWriteWhatWritingNeeds() async throws {
        try await CtlFixture.with(timeScale: 100, daemonConfig: "SocketMode=0666") { fixture in
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.directory)
            func asNobody(_ arguments: [String]) async throws -> CtlResult {
                try await Ctl.run(
                    ["--reuid=65534", "--regid=65534", "--clear-groups", Ctl.executable] + arguments
                        + ["--socket", fixture.socketPath], program: "/usr/bin/setpriv")
            }
            let list = try await asNobody(["list"])
            #expect(list.status == 2, "\(list)")
            #expect(list.stderr.contains("permission denied for io.finetuned.Jobs.List: reading needs root"), "\(list)")
            #expect(list.stderr.contains("ReadOnlyUsers="), "\(list)")
            #expect(!list.stderr.contains("changing jobs"), "a read is not a change: \(list)")

            let cancel = try await asNobody(["cancel", "ftjob-x"])
            #expect(cancel.status == 2, "\(cancel)")
            #expect(
                cancel.stderr.contains("permission denied for io.finetuned.Jobs.Cancel: changing jobs needs root"),
                "\(cancel)")
        }
    }

    @Test func onlyASocketNobodyListensOnAsksWhetherFinetunedRuns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftctl-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let absent = try await Ctl.run(["list", "--socket", directory + "/control.sock"])
        #expect(absent.status == 2 && absent.stderr.contains("Is finetuned running?"), "\(absent)")

        // A path through a file: not "is it running", but what is wrong with the path.
        try "".write(toFile: directory + "/file", atomically: true, encoding: .utf8)
        let notDirectory = try await Ctl.run(["list", "--socket", directory + "/file/control.sock"])
        #expect(notDirectory.status == 2 && notDirectory.stderr.contains("Not a directory"), "\(notDirectory)")
        #expect(!notDirectory.stderr.contains("Is finetuned running?"), "\(notDirectory)")

        let notSocket = try await Ctl.run(["list", "--socket", directory + "/file"])
        #expect(notSocket.status == 2 && notSocket.stderr.contains("is not a socket"), "\(notSocket)")
        #expect(!notSocket.stderr.contains("Is finetuned running?"), "\(notSocket)")
    }

    @Test func noSuchJobIsSaidAsTheDaemonSaidIt() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            for command in [
                ["status", "ftjob-nope"], ["cancel", "ftjob-nope"], ["untrack", "ftjob-nope"],
                ["checkpoints", "ftjob-nope"],
            ] {
                let run = try await Ctl.run(command + ["--socket", fixture.socketPath])
                #expect(run.status == 2 && run.stderr.contains("no such job: ftjob-nope"), "\(command): \(run)")
            }
        }
    }
}
