import JobStore
import Synchronization

/// One upload step at a time per content key: a second submission of the same data on the same
/// account waits for the first to record its file, then reuses it; and an orphan deletion of a
/// file never runs while a submission is deciding to reuse it.
///
/// Contract: every `acquire(key)` is followed by exactly one `release(key)`; waiters get the key
/// in arrival order.
final class UploadGate: Sendable {
    /// Present while a key is held; its waiters, oldest first.
    private let held = Mutex<[UploadKey: [CheckedContinuation<Void, Never>]]>([:])

    func acquire(_ key: UploadKey) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = held.withLock { held -> Bool in
                if held[key] == nil {
                    held[key] = []
                    return true
                }
                held[key]!.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func release(_ key: UploadKey) {
        let next = held.withLock { held -> CheckedContinuation<Void, Never>? in
            guard var waiters = held[key] else { return nil }
            if waiters.isEmpty {
                held[key] = nil
                return nil
            }
            let first = waiters.removeFirst()
            held[key] = waiters
            return first
        }
        next?.resume()
    }
}
