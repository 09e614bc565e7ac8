import Synchronization

/// Who watches which job right now, counted in memory: each `Jobs.Watch` call and each
/// `Jobs.Events` call with `more` counts once for each job it follows, for as long as the call
/// runs (a call's task ends when it returns, throws, or its connection closes).
///
/// Contracts:
/// - A job is watched while at least one call follows it: a second watcher that leaves does not
///   end the first one's watch.
/// - Nothing outlives the process: after a crash or a restart no job is watched.
/// - The poll loop reads it for its decisions (the watching interval, events fetched every
///   cycle); `Jobs.Get`/`List` report it as `watched`.
public final class Watchers: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    public init() {}

    /// Runs `body` with each of `jobIDs` counted as watched once more; the count goes back down
    /// when `body` returns or throws (or its task is cancelled and it ends).
    public func watching<T>(_ jobIDs: Set<String>, _ body: () async throws -> T) async throws -> T {
        add(jobIDs)
        defer { remove(jobIDs) }
        return try await body()
    }

    /// Whether anyone watches the job now.
    public func isWatched(_ jobID: String) -> Bool {
        counts.withLock { $0[jobID] != nil }
    }

    /// How many calls watch the job now.
    public func count(of jobID: String) -> Int {
        counts.withLock { $0[jobID] ?? 0 }
    }

    /// Every job someone watches now.
    public var watchedJobIDs: Set<String> {
        counts.withLock { Set($0.keys) }
    }

    private func add(_ jobIDs: Set<String>) {
        counts.withLock { counts in
            for id in jobIDs { counts[id, default: 0] += 1 }
        }
    }

    private func remove(_ jobIDs: Set<String>) {
        counts.withLock { counts in
            for id in jobIDs {
                let left = (counts[id] ?? 1) - 1
                counts[id] = left > 0 ? left : nil
            }
        }
    }
}
