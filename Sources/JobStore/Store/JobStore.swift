/// The daemon's database: every job it tracks, with events, checkpoints, metrics, models and
/// submissions, in one SQLite file in WAL mode.
///
/// Thread-safety: a `JobStore` is `Sendable` and may be used from any thread or task. It holds
/// a writer connection behind a mutex for `apply` and every other change, and a `ReaderPool`
/// of read connections for queries, so concurrent readers do not queue behind one another.
/// WAL lets readers see the last committed state while the writer writes, so Varlink handlers
/// never wait for a poll's transaction. Calls are synchronous and
/// short (no call waits on the network); from async code call them directly or from a
/// dedicated executor if a call may be long (listing thousands of jobs).
///
/// Durability: each write method is one transaction; a failure anywhere rolls all of it back.
/// `synchronous = NORMAL` in WAL mode: a crash of the process loses nothing committed, a power
/// cut may lose the last transactions but never corrupts the file.
public final class JobStore: Sendable {
    /// The database file.
    public let path: String
    let writer: LockedConnection
    let reader: ReaderPool
    let now: @Sendable () -> Int64

    /// Opens (creating if needed) the database at `path`, refusing a damaged, foreign or newer
    /// file with a `JobStoreError` that says why. Brings an older schema up to date.
    ///
    /// - Throws: `JobStoreError.corrupt`, `.newerSchema`, `.foreignDatabase`, `.cannotOpen`.
    ///
    /// Every open consumes the `CleanStopMarker` a clean stop left (see `markCleanStop()`), so a
    /// run that crashes leaves none behind.
    public static func open(path: String, options: JobStoreOptions = JobStoreOptions()) throws -> JobStore {
        let marker = CleanStopMarker(databasePath: path)
        let afterCleanStop = marker.consume()
        let (writer, checked) = try DatabaseOpener.openWriter(
            path: path, options: options, afterCleanStop: afterCleanStop)
        let reader = try DatabaseOpener.openReader(path: path, options: options)
        return JobStore(
            path: path, writer: writer, reader: reader, options: options,
            opening: Opening(previousStopWasClean: afterCleanStop, integrityChecked: checked))
    }

    /// What `open` found and did.
    public struct Opening: Sendable, Equatable {
        /// The previous run left a clean-stop marker.
        public var previousStopWasClean: Bool
        /// `PRAGMA quick_check` ran (and passed: a failure refuses the open).
        public var integrityChecked: Bool

        public init(previousStopWasClean: Bool, integrityChecked: Bool) {
            self.previousStopWasClean = previousStopWasClean
            self.integrityChecked = integrityChecked
        }
    }

    /// What `open` found and did.
    public let opening: Opening

    private init(
        path: String, writer: sending SQLiteConnection, reader: sending SQLiteConnection,
        options: JobStoreOptions, opening: Opening
    ) {
        self.path = path
        self.writer = LockedConnection(writer)
        self.reader = ReaderPool(first: reader) { try DatabaseOpener.openReader(path: path, options: options) }
        self.now = options.now
        self.opening = opening
    }

    /// Ends a clean stop: folds the write-ahead log into the file and leaves the
    /// `CleanStopMarker`, so the next open may skip `quick_check` (with
    /// `IntegrityCheck.afterUncleanStop`). Call it last, when nothing will write any more.
    /// Returns whether the marker was left.
    @discardableResult
    public func markCleanStop() -> Bool {
        _ = try? write { db in try db.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
        return CleanStopMarker(databasePath: path).leave(now: now())
    }

    /// The schema version of the open file (after migrations: the newest this build knows).
    public var schemaVersion: Int32 {
        get throws {
            try read { db in Int32(try db.first("PRAGMA user_version") { $0.int64(0) } ?? 0) }
        }
    }

    /// The newest schema version this build writes.
    public static var supportedSchemaVersion: Int32 { Migration.latestVersion }

    /// The journal mode SQLite actually uses (`wal` unless the filesystem cannot share memory).
    public var journalMode: String {
        get throws { try write { db in try db.first("PRAGMA journal_mode") { $0.string(0) } ?? "" } }
    }

    /// Runs `body` on the read connection. Each statement sees the last committed state.
    func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try reader.withConnection { connection in try translate { try body(connection) } }
    }

    /// Runs `body` on the write connection, without a transaction.
    func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.withConnection { connection in try translate { try body(connection) } }
    }

    /// Runs `body` in one write transaction: all of it is stored, or none of it.
    func writeTransaction<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try write { db in try db.transaction { try body(db) } }
    }

    /// Turns SQLite's corruption errors met after opening into the store's own error.
    private func translate<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.isCorruption {
            throw JobStoreError.corrupt(path: path, detail: error.message)
        }
    }
}
