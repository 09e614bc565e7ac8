import Foundation
import Testing

/// `finetuned` with a configuration it refuses says why once, naming file and line, and exits
/// with EX_CONFIG (78).
struct DaemonStartErrorTests {
    @Test func aConfigurationErrorIsPrintedOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftconf-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "[Daemon]\nDatabasePath=\(directory)/db\nPollInterval=soon\n".write(
            toFile: directory + "/finetuned.conf", atomically: true, encoding: .utf8)
        let run = try await Ctl.run(
            ["--config", directory + "/finetuned.conf", "--log-target", "stderr"],
            timeout: .seconds(30), program: "finetuned")
        #expect(run.status == 78, "\(run)")
        #expect(run.stderr.contains("finetuned.conf:3"), "names file and line: \(run)")
        #expect(run.stderr.components(separatedBy: "PollInterval").count == 2, "said once: \(run)")
    }
}
