import FoundationEssentials
import Glibc
import Synchronization

/// Runs blocking work (copying, reading and validating a big file) on a thread of its own, never
/// on the Swift cooperative pool: that pool has one thread per core, and the tasks that serve
/// the control socket need them.
///
/// Contracts:
/// - The caller's task suspends until the work is done.
/// - The thread runs at a lower CPU priority (nice +10 over the daemon), so that on a busy
///   machine the threads that answer the socket are scheduled first.
/// - When the calling task is cancelled, `isCancelled` (passed to the work) turns true; work that
///   checks it can stop early. The call still returns only when the work does.
/// - When no thread can be created, the call throws ``ThreadUnavailable`` and the work never runs.
enum OffPool {
    /// How much nicer than the daemon the thread runs.
    static let niceness: Int32 = 10

    static func run<T: Sendable>(
        name: String, _ work: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> T
    ) async throws -> T {
        let cancelled = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let started = DetachedThread.start(name: name, stackSize: 8 << 20) {
                    lowerPriority()
                    let result = Result { try work { cancelled.isSet } }
                    FreedMemory.returnToSystem()  // the buffers the work freed (README, Benchmarks)
                    continuation.resume(with: result)
                }
                if !started { continuation.resume(throwing: ThreadUnavailable(name: name)) }
            }
        } onCancel: {
            cancelled.set()
        }
    }

    /// Makes the calling thread nicer. On Linux, `PRIO_PROCESS` with a thread id sets that
    /// thread's nice value alone; the id comes from `/proc/thread-self` (Glibc's module does not
    /// export `gettid`). Best effort: on failure the thread keeps the daemon's priority.
    private static func lowerPriority() {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        guard length > 0 else { return }
        let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let tid = link.split(separator: "/").last.flatMap({ id_t($0) }) else { return }
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, 0)
        guard errno == 0 else { return }
        _ = setpriority(which, tid, current + niceness)
    }

    /// Work that does not look at cancellation.
    static func run<T: Sendable>(name: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await run(name: name) { _ in try work() }
    }
}

/// No thread could be created for the work (the process is out of threads or memory).
struct ThreadUnavailable: Error, CustomStringConvertible {
    var name: String
    var description: String { "cannot start a thread for \(name)" }
}

/// A one-way flag set from a cancellation handler, read by a worker thread.
final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
