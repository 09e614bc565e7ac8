@testable import FineTuneDaemon
import Foundation
import Testing

/// `finetuned --check-config`: what the daemon would read, or the errors it would stop on.
@Suite struct ConfigCheckTests {
    func write(_ text: String) throws -> (path: String, directory: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftcc-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/finetuned.conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, directory)
    }

    @Test func aGoodConfigurationIsDescribedWithoutItsKey() throws {
        let (path, directory) = try write("[Daemon]\nDatabasePath=DIR/db/finetuned.db\n\n[Account]\nName=main\n")
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "DIR", with: directory)
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = ConfigCheck.run(
            configPath: path, required: true, environment: ["OPENAI_API_KEY": "sk-secret-check"])
        #expect(outcome.ok, "\(outcome.lines)")
        let text = outcome.lines.joined(separator: "\n")
        #expect(text.contains("account main") && text.contains("$OPENAI_API_KEY") && !text.contains("sk-secret-check"))
        #expect(text.contains("created at the first start"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/db"), "nothing is created")
    }

    @Test func aMissingKeyAndTwoAccountsOfOneNameAreErrorsWithFileAndLine() throws {
        let missing = try write("[Account]\nName=main\n")
        defer { try? FileManager.default.removeItem(atPath: missing.directory) }
        let noKey = ConfigCheck.run(configPath: missing.path, required: true, environment: [:])
        #expect(!noKey.ok && noKey.lines.joined().contains("no API key"))

        let twice = try write("[Account]\nName=main\n\n[Account]\nName=main\n")
        defer { try? FileManager.default.removeItem(atPath: twice.directory) }
        let duplicate = ConfigCheck.run(configPath: twice.path, required: true, environment: ["OPENAI_API_KEY": "sk-x"])
        #expect(!duplicate.ok)
        #expect(
            duplicate.lines.first?.hasPrefix("\(twice.path):5: Name: a second [Account] with Name=main") == true,
            "\(duplicate.lines)")

        // A drop-in may still change an account by name.
        try FileManager.default.createDirectory(atPath: missing.path + ".d", withIntermediateDirectories: true)
        try "[Account]\nName=main\nMaxRetries=3\n".write(
            toFile: missing.path + ".d/retries.conf", atomically: true, encoding: .utf8)
        #expect(ConfigCheck.run(configPath: missing.path, required: true, environment: ["OPENAI_API_KEY": "sk-x"]).ok)
    }
}
