import Synchronization

/// The idle keep-alive connections of one transport, per endpoint.
///
/// Contract:
/// - At most `maxIdlePerEndpoint` idle connections are kept per endpoint; a connection given
///   back beyond that, or after `shutdown()`, is closed.
/// - `take` hands out the most recently used open connection idle for less than `idleTimeout`,
///   and closes the ones that the server closed or that idled too long. A taken connection
///   belongs to its taker until given back.
final class HTTPConnectionPool: Sendable {
    private struct Idle {
        var connection: HTTPConnection
        var since: ContinuousClock.Instant
    }

    private struct State {
        var idle: [HTTPEndpoint: [Idle]] = [:]
        var isShutDown = false
    }

    let maxIdlePerEndpoint: Int
    let idleTimeout: Duration
    private let state = Mutex(State())

    init(maxIdlePerEndpoint: Int, idleTimeout: Duration) {
        self.maxIdlePerEndpoint = maxIdlePerEndpoint
        self.idleTimeout = idleTimeout
    }

    /// An open idle connection to `endpoint`, or nil.
    func take(_ endpoint: HTTPEndpoint) -> HTTPConnection? {
        let now = ContinuousClock.now
        var stale: [HTTPConnection] = []
        let found = state.withLock { state -> HTTPConnection? in
            while let last = state.idle[endpoint]?.popLast() {
                if last.connection.isActive && now - last.since < idleTimeout { return last.connection }
                stale.append(last.connection)
            }
            return nil
        }
        for connection in stale { connection.close() }
        return found
    }

    /// Keeps `connection` for reuse, or closes it when the pool is full or shut down.
    func giveBack(_ connection: HTTPConnection) {
        let kept = state.withLock { state -> Bool in
            guard !state.isShutDown, state.idle[connection.endpoint, default: []].count < maxIdlePerEndpoint else {
                return false
            }
            state.idle[connection.endpoint, default: []].append(Idle(connection: connection, since: .now))
            return true
        }
        if !kept { connection.close() }
    }

    /// How many idle connections are kept (for tests).
    var idleCount: Int { state.withLock { $0.idle.values.reduce(0) { $0 + $1.count } } }

    /// Closes every idle connection; connections given back later are closed too. Idempotent.
    func shutdown() {
        let all = state.withLock { state -> [HTTPConnection] in
            state.isShutDown = true
            defer { state.idle = [:] }
            return state.idle.values.flatMap { $0.map(\.connection) }
        }
        for connection in all { connection.close() }
    }
}
