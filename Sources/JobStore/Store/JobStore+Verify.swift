extension JobStore {
    /// What `verify(path:)` found.
    public struct Verification: Sendable, Equatable {
        /// `PRAGMA integrity_check`'s findings; empty when the file is sound.
        public var problems: [String]
        /// The file's schema version.
        public var schemaVersion: Int32
        public var isSound: Bool { problems.isEmpty }
    }

    /// Reads every page and index of the database at `path` (`PRAGMA integrity_check`, the full
    /// check, not `quick_check`), read-only: it creates, migrates and locks nothing, leaves a
    /// clean-stop marker alone, and may run beside a daemon that has the file open.
    ///
    /// - Throws: `JobStoreError.cannotOpen` (missing file, no permission),
    ///   `.foreignDatabase`, `.newerSchema`.
    public static func verify(path: String) throws -> Verification {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, create: false, readOnly: true)
        } catch let error as SQLiteError {
            throw JobStoreError.cannotOpen(path: path, detail: error.message)
        }
        do {
            try DatabaseOpener.checkIdentity(connection, path: path)
            let version = try connection.first("PRAGMA user_version") { $0.int64(0) } ?? 0
            let findings = try connection.all("PRAGMA integrity_check(100)") { $0.string(0) }
            return Verification(
                problems: findings == ["ok"] ? [] : findings, schemaVersion: Int32(truncatingIfNeeded: version))
        } catch let error as SQLiteError where error.isCorruption {
            return Verification(problems: [error.message], schemaVersion: 0)
        } catch let error as SQLiteError {
            throw JobStoreError.cannotOpen(path: path, detail: error.message)
        }
    }
}
