import Foundation
import Testing
@testable import JobStore

@Suite("Reading every page only after an unclean stop")
struct CleanStopTests {
    /// A store of 300 jobs whose pages 2 and 3 are then overwritten, with or without a clean stop.
    private func damagedDatabase(cleanStop: Bool) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        do {
            let store = try JobStore.open(path: dir.databasePath)
            try store.apply((0..<300).map { PollUpdate(job: Fixture.job("ftjob-\($0)"), polledAt: 1) })
            if cleanStop {
                #expect(store.markCleanStop())
            } else {
                _ = try store.write { db in try db.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
            }
        }
        let url = URL(fileURLWithPath: dir.databasePath)
        var bytes = try Data(contentsOf: url)
        for i in 4096..<(4096 * 3) { bytes[i] = 0xA5 }
        try bytes.write(to: url)
        return dir
    }

    @Test("a clean stop lets the next open skip quick_check, once; a crash makes the next one check")
    func markerIsConsumed() throws {
        let dir = try TemporaryDirectory()
        let options = JobStoreOptions(integrityCheck: .afterUncleanStop)
        let marker = CleanStopMarker(databasePath: dir.databasePath)
        do {
            let first = try JobStore.open(path: dir.databasePath, options: options)
            #expect(first.opening == .init(previousStopWasClean: false, integrityChecked: true))
            #expect(first.markCleanStop())
            #expect(FileManager.default.fileExists(atPath: marker.path))
        }
        do {
            let second = try JobStore.open(path: dir.databasePath, options: options)
            #expect(second.opening == .init(previousStopWasClean: true, integrityChecked: false))
            // Consumed at open: a crash of this run leaves nothing that says "clean".
            #expect(!FileManager.default.fileExists(atPath: marker.path))
        }
        let third = try JobStore.open(path: dir.databasePath, options: options)
        #expect(third.opening == .init(previousStopWasClean: false, integrityChecked: true))
    }

    @Test("damage after a crash is refused at open")
    func damageAfterCrashIsFound() throws {
        let dir = try damagedDatabase(cleanStop: false)
        let error = #expect(throws: JobStoreError.self) {
            _ = try JobStore.open(path: dir.databasePath, options: JobStoreOptions(integrityCheck: .afterUncleanStop))
        }
        guard case .corrupt? = error else {
            Issue.record("expected .corrupt, got \(String(describing: error))")
            return
        }
    }

    @Test("what the marker trades: damage done while stopped is not read at open, but verify finds it")
    func verifyFindsWhatTheFastOpenSkips() throws {
        let dir = try damagedDatabase(cleanStop: true)
        let found = try JobStore.verify(path: dir.databasePath)
        #expect(!found.isSound)
        #expect(!found.problems.isEmpty)
        // verify is read-only: the marker is still there for the daemon's next start.
        #expect(FileManager.default.fileExists(atPath: CleanStopMarker(databasePath: dir.databasePath).path))
        // .always still refuses the file whatever the marker says.
        #expect(throws: JobStoreError.self) {
            _ = try JobStore.open(path: dir.databasePath, options: JobStoreOptions(integrityCheck: .always))
        }
    }

    @Test("verify says a sound file is sound, and a missing one cannot be opened")
    func verifySoundAndMissing() throws {
        let dir = try TemporaryDirectory()
        _ = try JobStore.open(path: dir.databasePath)
        let found = try JobStore.verify(path: dir.databasePath)
        #expect(found.isSound && found.schemaVersion == JobStore.supportedSchemaVersion)
        #expect(throws: JobStoreError.self) { _ = try JobStore.verify(path: dir.databasePath + ".missing") }
    }
}
