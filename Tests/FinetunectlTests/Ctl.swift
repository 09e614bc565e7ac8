import FinetunedTesting
import Foundation
import Synchronization

/// What a `finetunectl` run printed and how it exited.
struct CtlResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    /// True when a signal ended the program (a trap, a crash): never what a user should see.
    var signalled = false

    /// Standard output parsed as one JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw FixtureError("stdout is not a JSON object: \(stdout)")
        }
        return object
    }

    /// Standard output parsed as JSON Lines.
    func jsonLines() throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw FixtureError("not a JSON object: \(line)")
            }
            return object
        }
    }

    var description: String {
        "\(signalled ? "signal" : "exit") \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }
}

/// Runs the built `finetunectl` as a child process.
enum Ctl {
    /// `finetunectl` next to the test bundle (`.build/debug/`), which `swift build --build-tests` builds.
    static let executable: String = {
        var candidates = [
            Bundle.main.bundleURL.appendingPathComponent("finetunectl").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("finetunectl").path,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "finetunectl"
            ).path,
        ]
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("finetunectl").path)
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/.build/debug/finetunectl")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// The package's root (for the sample data), found from this source file.
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs to completion (killed after `timeout`) without blocking a concurrency thread: the
    /// pipes are read on threads of their own, since a blocking read on the two-thread pool
    /// would starve the in-process daemon the program talks to.
    ///
    /// - Parameters:
    ///   - input: standard input's text (default: /dev/null).
    ///   - closedStdout: standard output is a pipe whose reader has already gone, so every write
    ///     to it fails (what `| head -1` does once head has exited).
    ///   - program: another executable built beside finetunectl (`finetuned`, `openai-sim`).
    static func run(
        _ arguments: [String], timeout: Duration = .seconds(120),
        environment: [String: String] = [:], directory: String? = nil,
        input: String? = nil, closedStdout: Bool = false, program: String? = nil
    ) async throws -> CtlResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.map { Self.sibling($0) } ?? executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("OPENAI") && $0.key != "FINETUNED_SOCKET"
        }
        env.merge(environment) { $1 }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? packageRoot)
        let out = Pipe(), err = Pipe()
        // The write end of a pipe whose reader is closed; closed once, by this function, after
        // the child has ended (Foundation neither owns nor closes it).
        var closedWriteEnd: Int32 = -1
        if closedStdout {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw FixtureError("pipe: errno \(errno)") }
            close(fds[0])
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            closedWriteEnd = fds[1]
            process.standardOutput = FileHandle(fileDescriptor: fds[1], closeOnDealloc: false)
            try out.fileHandleForWriting.close()
        } else {
            process.standardOutput = out
        }
        process.standardError = err
        // Standard input is a pipe of this run's own (never the shared FileHandle.nullDevice):
        // `input`, then the end of the file.
        let inPipe = Pipe()
        process.standardInput = inPipe
        let writer = inPipe.fileHandleForWriting
        if let input {
            Thread.detachNewThread {
                try? writer.write(contentsOf: Data(input.utf8))
                try? writer.close()
            }
        } else {
            try writer.close()
        }
        defer { if closedWriteEnd >= 0 { close(closedWriteEnd) } }
        let stdout = readAll(out.fileHandleForReading)
        let stderr = readAll(err.fileHandleForReading)
        let ended = EndFlag(), signalled = EndFlag()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = {
                ended.value.store(true, ordering: .sequentiallyConsistent)
                signalled.value.store($0.terminationReason == .uncaughtSignal, ordering: .sequentiallyConsistent)
                continuation.resume(returning: $0.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            let deadline = Date().addingTimeInterval(Double(timeout.components.seconds))
            Thread.detachNewThread {
                while Date() < deadline {
                    if ended.value.load(ordering: .sequentiallyConsistent) { return }
                    Thread.sleep(forTimeInterval: 0.2)
                }
                if !ended.value.load(ordering: .sequentiallyConsistent) { kill(pid, SIGKILL) }
            }
        }
        return CtlResult(
            status: status, stdout: await stdout.value, stderr: await stderr.value,
            signalled: signalled.value.load(ordering: .sequentiallyConsistent))
    }

    /// An executable built beside finetunectl.
    static func sibling(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
    }

    private static func readAll(_ handle: FileHandle) -> Task<String, Never> {
        let (chunks, sink) = AsyncStream<Data>.makeStream()
        Thread.detachNewThread {
            // Foundation's readDataToEndOfFile() traps on EINTR, which crashed the test process once.
            sink.yield(handle.readToEndRetryingInterrupts())
            sink.finish()
        }
        return Task {
            var data = Data()
            for await chunk in chunks { data.append(chunk) }
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// Set when the child has exited, so the timeout never signals a reused pid.
final class EndFlag: Sendable {
    let value = Atomic<Bool>(false)
}
