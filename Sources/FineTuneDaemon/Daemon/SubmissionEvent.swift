import FoundationEssentials
import JobStore
import ServiceLifecycle
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

/// The submission runner: one run per submission, never two, each a child task of this
/// service's `run()`, and the followers of each run.
///
/// Contracts:
/// - A run asked for before `run()` starts waits for it; none is lost.
/// - `cancel(id)` stops one run at its next await (it resumes from its stored state when started
///   again); a run cancelled before it began does not begin.
/// - At graceful shutdown no new run is taken, every run is cancelled, and `run()` returns only
///   when each has returned. Each resumes from its stored state at the next start.
/// - Followers are finished when their run ends, or at once when the runner has stopped.
final class SubmissionRuns: Service, Sendable {
    private struct Run {
        /// Finished to stop the run (`cancel(id)`).
        var stop: AsyncStream<Never>.Continuation?
        var cancelled = false
        var followers: [UUID: AsyncStream<SubmissionEvent>.Continuation] = [:]
    }
    private struct Start: Sendable {
        let id: String
        let stop: AsyncStream<Never>
        let body: @Sendable (SubmissionRuns) async -> Void
    }
    private let runs = Mutex<[String: Run]>([:])
    private let queue: AsyncStream<Start>
    private let intake: AsyncStream<Start>.Continuation

    init() {
        (queue, intake) = AsyncStream<Start>.makeStream()
    }

    /// Starts `body` as the run of `id` unless one runs already; the stream, when asked for,
    /// is subscribed before the run starts, so it misses nothing.
    func start(
        _ id: String, follow: Bool, _ body: @escaping @Sendable (SubmissionRuns) async -> Void
    ) -> AsyncStream<SubmissionEvent> {
        let (stream, continuation) = AsyncStream<SubmissionEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let follower = UUID()
        let (stop, stopper) = AsyncStream<Never>.makeStream()
        let isNew = runs.withLock { runs -> Bool in
            if follow { runs[id, default: Run()].followers[follower] = continuation }
            guard runs[id]?.stop == nil else { return false }
            runs[id, default: Run()].stop = stopper
            return true
        }
        if follow {
            continuation.onTermination = { [weak self] _ in
                self?.runs.withLock { runs in _ = runs[id]?.followers.removeValue(forKey: follower) }
            }
        } else {
            continuation.finish()
        }
        if isNew, case .terminated = intake.yield(Start(id: id, stop: stop, body: body)) {
            finish(id)
        }
        return stream
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            for await start in queue.cancelOnGracefulShutdown() {
                group.addTask { await self.carry(start) }
            }
            intake.finish()
            group.cancelAll()
        }
        for id in runs.withLock({ Array($0.keys) }) { finish(id) }
    }

    /// One run: `body`, until it returns or `cancel(id)` stops it.
    private func carry(_ start: Start) async {
        defer { finish(start.id) }
        guard runs.withLock({ $0[start.id]?.cancelled }) == false else { return }
        await withTaskGroup(of: Void.self) { run in
            run.addTask { await start.body(self) }
            run.addTask { for await _ in start.stop {} }
            await run.next()
            run.cancelAll()
        }
    }

    /// Tells every follower of `id`.
    func publish(_ id: String, _ event: SubmissionEvent) {
        let followers = runs.withLock { $0[id].map { Array($0.followers.values) } ?? [] }
        for follower in followers { follower.yield(event) }
    }

    /// Stops the run of `id`, if any (a cancelled submission).
    func cancel(_ id: String) {
        let stop = runs.withLock { runs -> AsyncStream<Never>.Continuation? in
            guard runs[id]?.stop != nil else { return nil }
            runs[id]?.cancelled = true
            return runs[id]?.stop
        }
        stop?.finish()
    }

    /// Whether a run for `id` is going on (or waits for the runner to start).
    func isRunning(_ id: String) -> Bool { runs.withLock { $0[id]?.stop != nil } }

    private func finish(_ id: String) {
        let followers = runs.withLock { $0.removeValue(forKey: id).map { Array($0.followers.values) } ?? [] }
        for follower in followers { follower.finish() }
    }
}
