import Foundation

/// Runs blocking work (reading and validating a big file) on a thread of its own, never on the
/// Swift cooperative pool: that pool has one thread per core, and the tasks that serve the
/// control socket need them. The caller's task suspends until the work is done.
enum OffPool {
    static func run<T: Sendable>(name: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
