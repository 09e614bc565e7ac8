import Synchronization

/// Read connections for any number of threads at once: each read takes an idle connection (or
/// opens one when none is idle), uses it alone, and gives it back.
///
/// Why not one connection behind a mutex: concurrent readers (the control socket's event loops,
/// the poller, handlers on the cooperative pool) then queue on that mutex for the whole query,
/// and a holder preempted on a busy machine stalls every other reader (the control-socket
/// benchmark measured 16 connections slower than one). Here the mutex guards only the idle
/// list (a pop and a push), never a query.
///
/// Contracts:
/// - A connection is used by one thread at a time: it is in the idle list or with one caller.
/// - At most `maximumIdle` connections are kept; a surplus one (opened while all others were
///   busy) is closed when given back, so memory follows the usual concurrency, not a burst.
///   Each kept connection has its own SQLite page cache.
/// - Opening a connection may fail (`open` throws); the read then fails with that error.
final class ReaderPool: Sendable {
    /// Hands a connection between threads; safe because the pool's contract gives it to one
    /// thread at a time.
    private struct Pooled: @unchecked Sendable {
        let connection: SQLiteConnection
    }

    private let idle: Mutex<[Pooled]>
    private let open: @Sendable () throws -> SQLiteConnection
    let maximumIdle: Int

    /// - Parameters:
    ///   - first: an already opened connection, kept idle.
    ///   - open: opens one more read connection.
    init(
        first: sending SQLiteConnection, maximumIdle: Int = 4,
        open: @escaping @Sendable () throws -> SQLiteConnection
    ) {
        let pooled = Pooled(connection: first)
        idle = Mutex([pooled])
        self.open = open
        self.maximumIdle = max(1, maximumIdle)
    }

    /// Runs `body` with a connection no other thread uses meanwhile.
    func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let taken = idle.withLock { $0.popLast() }
        let pooled = try taken ?? Pooled(connection: open())
        defer {
            idle.withLock { list in
                if list.count < maximumIdle { list.append(pooled) }
            }
        }
        return try body(pooled.connection)
    }

    /// How many connections wait idle (tests).
    var idleCount: Int { idle.withLock { $0.count } }
}
