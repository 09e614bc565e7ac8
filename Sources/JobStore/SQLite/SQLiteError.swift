import CSQLite

/// An error reported by SQLite itself, with the statement that failed.
///
/// `code` is SQLite's extended result code (`SQLITE_CONSTRAINT_CHECK`, `SQLITE_NOTADB`, …);
/// `message` is `sqlite3_errmsg` at the time of the failure.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    /// The SQL text being run, if any (never contains bound values, so never a secret).
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended one).
    public var primaryCode: Int32 { code & 0xff }

    /// True when the file is not a database or is damaged (`SQLITE_NOTADB`, `SQLITE_CORRUPT`).
    public var isCorruption: Bool { primaryCode == SQLITE_NOTADB || primaryCode == SQLITE_CORRUPT }

    public var description: String {
        if let sql { return "SQLite error \(code): \(message) (in: \(sql))" }
        return "SQLite error \(code): \(message)"
    }
}
