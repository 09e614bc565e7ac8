import Locking

/// A connection usable from any thread, one caller at a time.
///
/// `@unchecked Sendable` is safe because the connection is only reached through
/// `withConnection`, which holds the lock for the whole call; nothing lets the connection or a
/// statement escape the closure (results must be `Sendable` values).
final class LockedConnection: @unchecked Sendable {
    private let locked: LockedValue<SQLiteConnection>

    init(_ connection: SQLiteConnection) { locked = LockedValue(connection) }

    func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try locked.withLock { connection in try body(connection) }
    }
}
