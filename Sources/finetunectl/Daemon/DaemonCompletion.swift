import ControlProtocol
import ArgumentParser
import Dispatch
import Foundation
import Synchronization

/// Shell completion of job and model ids, asked of the daemon while the user types.
///
/// The shell runs `finetunectl` to complete a word; ArgumentParser calls these synchronously
/// from the parse (the root command's `main` parses synchronously), so the query runs in a task
/// and the caller waits for it — at most ``timeout``, so a stuck daemon never hangs the shell.
/// Any failure completes nothing.
enum DaemonCompletion {
    static let timeout: DispatchTimeInterval = .milliseconds(1500)

    /// Job ids, newest first.
    static let jobs = CompletionKind.custom { words, _, prefix in
        query(words: words, prefix: prefix) { session in
            let reply = try await session.call(ControlRequest.Jobs.List(limit: 200))
            return reply["jobs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
    }

    /// Fine-tuned model ids.
    static let models = CompletionKind.custom { words, _, prefix in
        query(words: words, prefix: prefix) { session in
            let reply = try await session.call(ControlRequest.Models.List())
            return reply["models"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
    }

    /// Model ids, then job ids that made a model (for `chat`).
    static let modelsAndJobs = CompletionKind.custom { words, _, prefix in
        query(words: words, prefix: prefix) { session in
            let models = try await session.call(ControlRequest.Models.List())["models"]?.arrayValue ?? []
            return models.compactMap { $0["id"]?.stringValue } + models.compactMap { $0["job_id"]?.stringValue }
        }
    }

    private static func query(
        words: [String], prefix: String, _ body: @escaping @Sendable (DaemonSession) async throws -> [String]
    ) -> [String] {
        let path = socketPath(in: words)
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            if let client = try? await DaemonSession.connect(path) {
                let session = DaemonSession(client: client)
                result.set((try? await body(session)) ?? [])
                await client.close()
            }
            done.signal()
        }
        _ = done.wait(timeout: .now() + timeout)
        return result.get().filter { $0.hasPrefix(prefix) }
    }

    /// `--socket PATH` or `--socket=PATH` among the words typed so far, else the usual default.
    static func socketPath(in words: [String]) -> String {
        for (index, word) in words.enumerated() {
            if word == "--socket", index + 1 < words.count { return words[index + 1] }
            if word.hasPrefix("--socket=") { return String(word.dropFirst("--socket=".count)) }
        }
        return DaemonOptions.socketPath(given: nil)
    }

    /// The completions a task found, read by the waiting thread.
    private final class ResultBox: Sendable {
        private let value = Mutex<[String]>([])
        func set(_ new: [String]) { value.withLock { $0 = new } }
        func get() -> [String] { value.withLock { $0 } }
    }
}
