import Synchronization

/// A connection usable from any thread, one caller at a time.
///
/// The connection is only reached through `withConnection`, which holds the mutex for the whole
/// call; nothing lets the connection or a statement escape the closure (results must be
/// `Sendable` values).
final class LockedConnection: Sendable {
    private let locked: Mutex<SQLiteConnection>

    init(_ connection: sending SQLiteConnection) { locked = Mutex(connection) }

    func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try locked.withLock { connection in try body(connection) }
    }
}
