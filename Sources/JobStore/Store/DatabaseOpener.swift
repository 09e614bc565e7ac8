import CSQLite

/// Opens the database file, checks that it can be trusted, and brings its schema up to date.
///
/// Order matters: nothing is written (not even the WAL switch) until the file is known to be an
/// undamaged finetuned database of a version this build understands.
enum DatabaseOpener {
    /// `PRAGMA application_id` of every finetuned database: "FTND".
    static let applicationID: Int32 = 0x4654_4E44

    /// Opens the writer. `afterCleanStop` says whether the previous run left a clean-stop marker
    /// (already consumed by the caller); it decides the `.afterUncleanStop` integrity check.
    /// Returns the connection and whether `quick_check` ran.
    static func openWriter(
        path: String, options: JobStoreOptions, afterCleanStop: Bool = false
    ) throws
        -> (connection: SQLiteConnection, checked: Bool)
    {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, create: options.createsFile)
        } catch let error as SQLiteError {
            throw JobStoreError.cannotOpen(path: path, detail: error.message)
        }
        connection.setBusyTimeout(milliseconds: options.busyTimeoutMilliseconds)
        let checked: Bool
        do {
            try checkIdentity(connection, path: path)
            switch options.integrityCheck {
            case .always: checked = true
            case .afterUncleanStop: checked = !afterCleanStop
            case .never: checked = false
            }
            if checked { try checkIntegrity(connection, path: path) }
            try connection.executeScript("PRAGMA journal_mode = WAL")
            try connection.executeScript(
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; "
                    + "PRAGMA cache_size = -\(max(64, options.pageCacheKiB))")
            try migrate(connection)
        } catch let error as SQLiteError where error.isCorruption {
            throw JobStoreError.corrupt(path: path, detail: error.message)
        } catch let error as SQLiteError {
            // Opening is lazy: permissions, a locked file or a full disk show up here.
            throw JobStoreError.cannotOpen(path: path, detail: error.message)
        }
        return (connection, checked)
    }

    /// A second connection for reads: WAL lets it read while the writer writes.
    static func openReader(path: String, options: JobStoreOptions) throws -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, create: false)
        } catch let error as SQLiteError {
            throw JobStoreError.cannotOpen(path: path, detail: error.message)
        }
        connection.setBusyTimeout(milliseconds: options.busyTimeoutMilliseconds)
        do {
            try connection.executeScript(
                "PRAGMA query_only = ON; PRAGMA foreign_keys = ON; PRAGMA cache_size = -\(max(64, options.pageCacheKiB))"
            )
        } catch let error as SQLiteError {
            throw JobStoreError.cannotOpen(path: path, detail: error.message)
        }
        return connection
    }

    /// Refuses foreign databases and databases from a newer schema.
    static func checkIdentity(_ connection: SQLiteConnection, path: String) throws {
        let version = try connection.first("PRAGMA user_version") { $0.int64(0) } ?? 0
        let appID = try connection.first("PRAGMA application_id") { $0.int64(0) } ?? 0
        if appID != 0 && Int32(truncatingIfNeeded: appID) != applicationID {
            throw JobStoreError.foreignDatabase(
                path: path, detail: "application_id \(appID) is not finetuned's")
        }
        if appID == 0 {
            let tables = try connection.first("SELECT count(*) FROM sqlite_schema") { $0.int64(0) } ?? 0
            if tables > 0 || version != 0 {
                throw JobStoreError.foreignDatabase(
                    path: path, detail: "it has \(tables) schema objects and no finetuned mark")
            }
        }
        if version > Int64(Migration.latestVersion) {
            throw JobStoreError.newerSchema(
                path: path, found: Int32(truncatingIfNeeded: version),
                supported: Migration.latestVersion)
        }
    }

    private static func checkIntegrity(_ connection: SQLiteConnection, path: String) throws {
        let problems = try connection.all("PRAGMA quick_check(5)") { $0.string(0) }
        if problems != ["ok"] {
            throw JobStoreError.corrupt(
                path: path, detail: "quick_check: " + problems.joined(separator: "; "))
        }
    }

    /// Applies every migration newer than the file's `user_version`, each in its own transaction
    /// together with the new version number, so a crash leaves the file at a whole version.
    private static func migrate(_ connection: SQLiteConnection) throws {
        let current = try connection.first("PRAGMA user_version") { $0.int64(0) } ?? 0
        for migration in Migration.all where Int64(migration.version) > current {
            try connection.transaction {
                try connection.executeScript(migration.sql)
                try connection.executeScript(
                    "PRAGMA application_id = \(applicationID); PRAGMA user_version = \(migration.version)")
            }
        }
    }
}
