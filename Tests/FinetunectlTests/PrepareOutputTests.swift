import Foundation
import Testing

/// `prepare` never writes over its input, whatever name the output gives it, and over an
/// existing file only with `--force`.
struct PrepareOutputTests {
    let directory: String
    let csv = "question,answer\n" + (1...12).map { "What is \($0) + \($0)?,\($0 * 2)\n" }.joined()

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("ftprep-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try csv.write(toFile: directory + "/qa.csv", atomically: true, encoding: .utf8)
    }

    func unchanged() throws -> Bool {
        try String(contentsOfFile: directory + "/qa.csv", encoding: .utf8) == csv
    }

    @Test func theInputIsNeverWrittenOverUnderAnyName() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.linkItem(atPath: directory + "/qa.csv", toPath: directory + "/hardlink.jsonl")
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/symlink.jsonl", withDestinationPath: directory + "/qa.csv")
        let attempts: [[String]] = [
            ["prepare", "qa.csv", "-o", "qa.csv"],
            ["prepare", "qa.csv", "-o", "./qa.csv", "--force"],
            ["prepare", "qa.csv", "-o", "hardlink.jsonl", "--force"],
            ["prepare", "qa.csv", "-o", "symlink.jsonl", "--force"],
            [
                "prepare", "qa.csv", "-o", "out.jsonl", "--validation-split", "0.3", "--validation-output", "qa.csv",
                "--force",
            ],
        ]
        for arguments in attempts {
            let run = try await Ctl.run(arguments, directory: directory)
            #expect(run.status == 2, "\(arguments): \(run)")
            #expect(run.stderr.contains("is the input file"), "\(arguments): \(run)")
            #expect(try unchanged(), "\(arguments) left the input as it was")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.jsonl"), "nothing was written")
    }

    @Test func anExistingOutputIsReplacedOnlyWithForce() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "keep me\n".write(toFile: directory + "/out.jsonl", atomically: true, encoding: .utf8)
        let refused = try await Ctl.run(["prepare", "qa.csv", "-o", "out.jsonl"], directory: directory)
        #expect(refused.status == 2 && refused.stderr.contains("out.jsonl exists; pass --force"), "\(refused)")
        #expect(try String(contentsOfFile: directory + "/out.jsonl", encoding: .utf8) == "keep me\n")

        let same = try await Ctl.run(
            [
                "prepare", "qa.csv", "-o", "a.jsonl", "--validation-split", "0.3",
                "--validation-output", "a.jsonl",
            ], directory: directory)
        #expect(same.status == 2 && same.stderr.contains("is the same file as --output"), "\(same)")

        let forced = try await Ctl.run(["prepare", "qa.csv", "-o", "out.jsonl", "--force"], directory: directory)
        #expect(forced.status == 0, "\(forced)")
        #expect(try String(contentsOfFile: directory + "/out.jsonl", encoding: .utf8).contains("\"messages\""))
    }

    @Test func aDirectoryIsNamedOnce() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/adir.jsonl", withIntermediateDirectories: false)
        for arguments in [["validate", "adir.jsonl"], ["prepare", "adir.jsonl", "-o", "out.jsonl"]] {
            let run = try await Ctl.run(arguments, directory: directory)
            #expect(run.status == 2, "\(arguments): \(run)")
            #expect(
                run.stderr.hasPrefix("finetunectl: ") && run.stderr.hasSuffix("adir.jsonl: is a directory\n"),
                "\(arguments): \(run)")
            #expect(run.stderr.components(separatedBy: "adir.jsonl").count == 2, "the path once: \(run)")
        }
    }
}
