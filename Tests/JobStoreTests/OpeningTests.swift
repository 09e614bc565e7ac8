import Foundation
import Testing
@testable import JobStore

@Suite("Opening a database")
struct OpeningTests {
    @Test("a new file gets the newest schema, WAL mode and survives reopening")
    func createsAndReopens() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try JobStore.open(path: dir.databasePath)
            #expect(try store.schemaVersion == JobStore.supportedSchemaVersion)
            #expect(try store.journalMode == "wal")
            try store.apply(PollUpdate(job: Fixture.job("ftjob-1"), polledAt: 10))
        }
        let reopened = try JobStore.open(path: dir.databasePath)
        #expect(try reopened.job(id: "ftjob-1")?.status == .running)
    }

    @Test("a database from a newer finetuned is refused and left untouched")
    func refusesNewerSchema() throws {
        let dir = try TemporaryDirectory()
        _ = try JobStore.open(path: dir.databasePath)
        do {
            let raw = try SQLiteConnection(path: dir.databasePath, create: false)
            try raw.executeScript("PRAGMA user_version = 99")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.databasePath))
        #expect(
            throws: JobStoreError.newerSchema(
                path: dir.databasePath, found: 99, supported: JobStore.supportedSchemaVersion)
        ) {
            _ = try JobStore.open(path: dir.databasePath)
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: dir.databasePath))
        #expect(before == after)
        let message = JobStoreError.newerSchema(path: "/x.db", found: 99, supported: 1).description
        #expect(message.contains("newer finetuned") && message.contains("99"))
    }

    @Test("a file of garbage is refused as damaged, not reset")
    func refusesGarbage() throws {
        let dir = try TemporaryDirectory()
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: dir.databasePath))
        let error = #expect(throws: JobStoreError.self) { _ = try JobStore.open(path: dir.databasePath) }
        guard case .corrupt(let path, _)? = error else {
            Issue.record("expected .corrupt, got \(String(describing: error))")
            return
        }
        #expect(path == dir.databasePath)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.databasePath)) == garbage)
    }

    @Test("a real database with damaged pages is refused")
    func refusesDamagedPages() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try JobStore.open(path: dir.databasePath)
            try store.apply((0..<300).map { PollUpdate(job: Fixture.job("ftjob-\($0)"), polledAt: 1) })
            // Fold the WAL into the main file so that damaging the file damages the data.
            _ = try store.write { db in try db.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        let url = URL(fileURLWithPath: dir.databasePath)
        var bytes = try Data(contentsOf: url)
        #expect(bytes.count > 4096 * 4)
        // Scribble over the second and third pages (page size 4096; page 1 holds the header).
        for i in 4096..<(4096 * 3) { bytes[i] = 0xA5 }
        try bytes.write(to: url)
        let error = #expect(throws: JobStoreError.self) { _ = try JobStore.open(path: dir.databasePath) }
        guard case .corrupt? = error else {
            Issue.record("expected .corrupt, got \(String(describing: error))")
            return
        }
    }

    @Test("another program's SQLite database is refused")
    func refusesForeignDatabase() throws {
        let dir = try TemporaryDirectory()
        do {
            let raw = try SQLiteConnection(path: dir.databasePath, create: true)
            try raw.executeScript("CREATE TABLE notes (body TEXT)")
        }
        let error = #expect(throws: JobStoreError.self) { _ = try JobStore.open(path: dir.databasePath) }
        guard case .foreignDatabase? = error else {
            Issue.record("expected .foreignDatabase, got \(String(describing: error))")
            return
        }
    }

    @Test("a missing directory is a clear error")
    func missingDirectory() throws {
        let error = #expect(throws: JobStoreError.self) {
            _ = try JobStore.open(path: "/nonexistent-\(UUID().uuidString)/finetuned.db")
        }
        guard case .cannotOpen? = error else {
            Issue.record("expected .cannotOpen, got \(String(describing: error))")
            return
        }
    }

    @Test("an unwritable directory is a clear error, not a crash", .enabled(if: getuid() != 0))
    func unwritableDirectory() throws {
        let dir = try TemporaryDirectory()
        chmod(dir.url.path, 0o500)
        defer { chmod(dir.url.path, 0o700) }
        let error = #expect(throws: JobStoreError.self) { _ = try JobStore.open(path: dir.databasePath) }
        guard case .cannotOpen? = error else {
            Issue.record("expected .cannotOpen, got \(String(describing: error))")
            return
        }
    }

    @Test("an older schema is migrated forward in place")
    func migratesOlderSchema() throws {
        // Version 0 with our mark is what an interrupted first start leaves behind.
        let dir = try TemporaryDirectory()
        do {
            let raw = try SQLiteConnection(path: dir.databasePath, create: true)
            try raw.executeScript("PRAGMA application_id = \(DatabaseOpener.applicationID)")
        }
        let store = try JobStore.open(path: dir.databasePath)
        #expect(try store.schemaVersion == Migration.latestVersion)
    }

    @Test("migrations are numbered 1, 2, 3 … with no gap")
    func migrationsAreContiguous() {
        #expect(Migration.all.map(\.version) == Array(1...Int32(Migration.all.count)))
    }
}
