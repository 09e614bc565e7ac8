import ServiceLifecycle

/// Work the daemon starts on the side (an `OnJobEnd=` hook, the sweep for jobs a cancelled
/// submission's create may still land, the old clients' shutdown after a reload), owned by a
/// service instead of left to unstructured tasks.
///
/// Contracts:
/// - Work added before `run()` starts waits for it; each piece runs as a child task of `run()`.
/// - At graceful shutdown no new work is taken, the running pieces are cancelled, and `run()`
///   returns only when every one of them has returned.
/// - Work added once `run()` has returned is not run (`add` returns false).
final class BackgroundWork: Service, Sendable {
    typealias Work = @Sendable () async -> Void
    private let queue: AsyncStream<Work>
    private let intake: AsyncStream<Work>.Continuation

    init() {
        (queue, intake) = AsyncStream<Work>.makeStream()
    }

    /// Runs `work` as a child of the service; false when the service has stopped.
    @discardableResult
    func add(_ work: @escaping Work) -> Bool {
        if case .enqueued = intake.yield(work) { return true }
        return false
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            for await work in queue.cancelOnGracefulShutdown() {
                group.addTask { await work() }
            }
            intake.finish()
            group.cancelAll()
        }
    }
}
