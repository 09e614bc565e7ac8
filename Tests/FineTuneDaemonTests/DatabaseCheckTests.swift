@testable import FineTuneDaemon
import Foundation
import JobStore
import Testing

/// `finetuned --check-database`: the full integrity check of the configured database, on request.
@Suite struct DatabaseCheckTests {
    func configured() throws -> (config: String, database: String, directory: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftdc-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = directory + "/finetuned.db"
        let config = directory + "/finetuned.conf"
        try "[Daemon]\nDatabasePath=\(database)\n".write(toFile: config, atomically: true, encoding: .utf8)
        return (config, database, directory)
    }

    @Test func aSoundDatabaseIsSoundAMissingOneIs66AndADamagedOne65() throws {
        let (config, database, directory) = try configured()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = DatabaseCheck.run(configPath: config, required: true, environment: [:])
        #expect(missing.exitStatus == 66 && missing.lines.joined().contains("cannot be read"), "\(missing.lines)")

        do {
            let store = try JobStore.open(path: database)
            let jobs = (0..<300).map { index in
                PollUpdate(
                    job: JobRecord(
                        id: "ftjob-\(index)", account: "sim", status: .running, model: "gpt-4o-mini",
                        createdAt: 1, rawJSON: #"{"object":"fine_tuning.job"}"#), polledAt: 1)
            }
            try store.apply(jobs)
            store.markCleanStop()
        }
        let sound = DatabaseCheck.run(configPath: config, required: true, environment: [:])
        #expect(sound.exitStatus == 0 && sound.lines.joined().contains("sound"), "\(sound.lines)")

        var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        // Scribble over pages 2 and 3 (page size 4096; page 1 holds the header and schema).
        #expect(bytes.count > 4096 * 4)
        for i in 4096..<(4096 * 3) { bytes[i] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: database))
        let damaged = DatabaseCheck.run(configPath: config, required: true, environment: [:])
        #expect(damaged.exitStatus == 65, "\(damaged.lines)")
        #expect(damaged.lines.joined(separator: "\n").contains("damaged"))
    }
}
