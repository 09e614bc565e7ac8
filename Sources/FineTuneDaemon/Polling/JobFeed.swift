import Foundation
import JobStore
import Synchronization

/// Broadcasts stored job changes to whoever follows them (the control socket's `Watch` and
/// `Events` streams). Each subscriber gets its own unbounded-but-coalescing stream: a slow
/// subscriber sees the latest state of each job, never blocks the poller.
public final class JobFeed: Sendable {
    public struct Change: Sendable {
        public var job: JobRecord
        public var newEvents: [EventRecord]
    }

    private let subscribers = Mutex<[UUID: AsyncStream<Change>.Continuation]>([:])

    public init() {}

    /// A stream of changes, until the returned stream is dropped or `finish()`.
    public func subscribe() -> AsyncStream<Change> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Change>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    public func publish(_ change: Change) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(change) }
    }

    /// Ends every stream (at shutdown).
    public func finish() {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.finish() }
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
