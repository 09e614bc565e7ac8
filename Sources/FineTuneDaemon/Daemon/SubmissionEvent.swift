import Foundation
import JobStore
import Synchronization

/// What a submission's runner tells those who follow it (a `Jobs.Submit` call with `more`).
enum SubmissionEvent: Sendable {
    case progress(Submitter.Progress)
    /// A transient failure (`error`): the submission waits, as stored in the record, and is
    /// tried again at its `nextAttemptAt`.
    case waiting(SubmissionRecord, error: any Error)
    case created(JobRecord)
    /// A final failure (stored as `failed`).
    case failed(Submitter.Failure)
    /// Cancelled by a user.
    case cancelled
}

/// The runners of submissions now in progress, one per submission, and their followers.
final class SubmissionRuns: Sendable {
    private struct Run {
        var task: Task<Void, Never>?
        var followers: [UUID: AsyncStream<SubmissionEvent>.Continuation] = [:]
    }
    private let runs = Mutex<[String: Run]>([:])

    /// Starts `body` as the runner of `id` unless one runs already; the stream, when asked for,
    /// is subscribed before the runner starts, so it misses nothing.
    func start(
        _ id: String, follow: Bool, _ body: @escaping @Sendable (SubmissionRuns) async -> Void
    ) -> AsyncStream<SubmissionEvent> {
        let (stream, continuation) = AsyncStream<SubmissionEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let follower = UUID()
        runs.withLock { runs in
            if follow { runs[id, default: Run()].followers[follower] = continuation }
            guard runs[id]?.task == nil else { return }
            runs[id, default: Run()].task = Task.detached { [self] in
                await body(self)
                finish(id)
            }
        }
        if follow {
            continuation.onTermination = { [weak self] _ in
                self?.runs.withLock { runs in _ = runs[id]?.followers.removeValue(forKey: follower) }
            }
        } else {
            continuation.finish()
        }
        return stream
    }

    /// Tells every follower of `id`.
    func publish(_ id: String, _ event: SubmissionEvent) {
        let followers = runs.withLock { $0[id].map { Array($0.followers.values) } ?? [] }
        for follower in followers { follower.yield(event) }
    }

    /// Stops the runner of `id`, if any (a cancelled submission).
    func cancel(_ id: String) {
        runs.withLock { $0[id]?.task }?.cancel()
    }

    /// Stops every runner (the daemon stops); each resumes at the next start.
    func cancelAll() {
        for task in runs.withLock({ $0.values.compactMap(\.task) }) { task.cancel() }
    }

    /// Whether a runner for `id` is running.
    func isRunning(_ id: String) -> Bool { runs.withLock { $0[id]?.task != nil } }

    private func finish(_ id: String) {
        let followers = runs.withLock { $0.removeValue(forKey: id).map { Array($0.followers.values) } ?? [] }
        for follower in followers { follower.finish() }
    }
}
