import Dispatch

/// Runs the tasks of a connection's calls that await (all but immediate handlers) on the
/// connection's own serial queue (a task executor preference), off the event loop and off the
/// cooperative pool; the connection reads and writes on its event loop.
///
/// Contracts: jobs run in the order enqueued, one at a time, never on the caller's stack. A
/// handler that awaits something else (an actor, I/O) resumes here afterwards; one that blocks
/// holds only this connection (its calls are served one at a time anyway), never a thread of
/// the cooperative pool.
final class VarlinkConnectionExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
