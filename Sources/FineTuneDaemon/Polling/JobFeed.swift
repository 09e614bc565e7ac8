import FoundationEssentials
import JobStore
import Synchronization

/// Broadcasts stored job changes to whoever follows them (the control socket's `Watch` and
/// `Events` calls), and holds the count of who watches which job (`watchers`).
///
/// Contracts:
/// - A change is published after it was stored, so the store always has at least what was
///   published.
/// - Publishing never blocks the publisher (the poll loop, a job action): each subscription
///   holds at most `capacity` changes not yet taken. When a change finds it full, a `.missed`
///   is queued after what is held, and that change and every later one are dropped until the
///   subscriber takes the `.missed`: it has missed changes and must read the store again (the
///   job as stored now, the events after the last one it saw). Nothing is missed silently.
public final class JobFeed: Sendable {
    public struct Change: Sendable {
        public var job: JobRecord
        /// The events this change stored, oldest first, with their store `sequence`.
        public var newEvents: [EventRecord]

        public init(job: JobRecord, newEvents: [EventRecord]) {
            self.job = job
            self.newEvents = newEvents
        }
    }

    /// What a subscriber takes from its subscription.
    public enum Delivery: Sendable {
        case change(Change)
        /// Changes were dropped after the ones delivered before this: read the store again.
        case missed
    }

    /// Changes a subscription holds at most before it drops them and owes a `.missed`.
    public let capacity: Int
    /// Who watches which job (the poll loop's watching interval, `watched` in replies).
    public let watchers = Watchers()
    private let subscribers = Mutex<[UUID: Subscriber]>([:])
    private let overflows = Atomic<Int>(0)

    public init(capacity: Int = 1024) {
        self.capacity = max(capacity, 1)
    }

    /// The changes published from now on, until the subscription is dropped or `finish()`.
    public func subscribe() -> Subscription {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Delivery>.makeStream(bufferingPolicy: .unbounded)
        let subscriber = Subscriber(continuation: continuation, capacity: capacity) { [weak self] in
            self?.overflows.add(1, ordering: .relaxed)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = subscriber }
        return Subscription(stream: stream, subscriber: subscriber)
    }

    public func publish(_ change: Change) {
        for subscriber in subscribers.withLock({ Array($0.values) }) { subscriber.offer(change) }
    }

    /// Ends every subscription (at shutdown).
    public func finish() {
        for subscriber in subscribers.withLock({ Array($0.values) }) { subscriber.continuation.finish() }
    }

    /// Live subscriptions: the calls that follow changes now.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// How many times a subscription has overflowed (and been owed a `.missed`) since start.
    public var overflowCount: Int { overflows.load(ordering: .relaxed) }

    /// One subscriber's side of the feed: how many changes it holds, and whether it owes a `.missed`.
    final class Subscriber: Sendable {
        struct State {
            /// Changes yielded and not yet taken.
            var held = 0
            /// A `.missed` was yielded and not yet taken: changes are dropped until it is.
            var missing = false
        }

        let continuation: AsyncStream<Delivery>.Continuation
        let capacity: Int
        let state = Mutex(State())
        let overflowed: @Sendable () -> Void

        init(
            continuation: AsyncStream<Delivery>.Continuation, capacity: Int,
            overflowed: @escaping @Sendable () -> Void
        ) {
            self.continuation = continuation
            self.capacity = capacity
            self.overflowed = overflowed
        }

        /// Yields the change, or drops it (yielding `.missed` the first time). The decision and
        /// the yield happen under the lock, so `.missed` is always after the changes it follows.
        func offer(_ change: Change) {
            state.withLock { state in
                if state.missing { return }
                if state.held >= capacity {
                    state.missing = true
                    continuation.yield(.missed)
                    overflowed()
                } else {
                    state.held += 1
                    continuation.yield(.change(change))
                }
            }
        }

        func took(_ delivery: Delivery) {
            state.withLock { state in
                switch delivery {
                case .change: state.held -= 1
                case .missed: state.missing = false
                }
            }
        }
    }

    /// The deliveries of one subscriber, in the order they were published.
    public struct Subscription: AsyncSequence, Sendable {
        public typealias Element = Delivery
        let stream: AsyncStream<Delivery>
        let subscriber: Subscriber

        public struct AsyncIterator: AsyncIteratorProtocol {
            var base: AsyncStream<Delivery>.AsyncIterator
            let subscriber: Subscriber

            public mutating func next() async -> Delivery? {
                guard let delivery = await base.next() else { return nil }
                subscriber.took(delivery)
                return delivery
            }

            public mutating func next(isolation actor: isolated (any Actor)?) async -> Delivery? {
                guard let delivery = await base.next(isolation: actor) else { return nil }
                subscriber.took(delivery)
                return delivery
            }
        }

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(base: stream.makeAsyncIterator(), subscriber: subscriber)
        }
    }
}
