import Synchronization

/// Something that happens once (the daemon's run has wound down), and those waiting for it.
///
/// Contract: `wait()` returns once `complete()` was called, or at once if it was already; a
/// cancelled waiter returns early (check `isComplete` to tell the two apart).
final class Completion: Sendable {
    private struct State {
        var complete = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }
    private let state = Mutex(State())

    var isComplete: Bool { state.withLock { $0.complete } }

    func complete() {
        let waiters = state.withLock { state in
            state.complete = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        let key = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.complete || Task.isCancelled { return true }
                    state.waiters[key] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: key) }?.resume()
        }
    }
}

/// Runs async sections one at a time, in the order they asked (the retirement check: two runs
/// never overlap, so a warning is never given twice).
final class SerialGate: Sendable {
    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func run<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard state.held else {
                    state.held = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
        defer {
            state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard !state.waiters.isEmpty else {
                    state.held = false
                    return nil
                }
                return state.waiters.removeFirst()
            }?.resume()
        }
        return try await body()
    }
}
