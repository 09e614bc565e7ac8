import Foundation
import Testing

@testable import TrainingData

@Suite("Streaming JSONL reader")
struct LineChunkReaderTests {
    /// All (line number, text) pairs the reader yields, plus the overlong lines it reported.
    func readAll(_ data: [UInt8], maxLineBytes: Int) throws -> (lines: [(Int, String)], overlong: [(Int, Int)]) {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("f.jsonl")
        try Data(data).write(to: file)
        let reader = try LineChunkReader(path: file.path, blockSize: 1 << 16, maxLineBytes: maxLineBytes)
        var lines: [(Int, String)] = []
        var overlong: [(Int, Int)] = []
        while let chunk = try reader.next() {
            overlong += chunk.overlongLines.map { ($0.line, $0.bytes) }
            forEachLine(chunk.bytes, firstLine: chunk.firstLine) {
                lines.append(($0, String(decoding: $1, as: UTF8.self)))
            }
        }
        return (lines, overlong)
    }

    @Test("line numbers survive chunk boundaries, CRLF endings and a missing final newline")
    func numbering() throws {
        var text = ""
        for i in 1...20_000 { text += "line \(i)" + (i % 3 == 0 ? "\r\n" : "\n") }
        text += "last"
        let (lines, overlong) = try readAll(Array(text.utf8), maxLineBytes: 1 << 20)
        #expect(overlong.isEmpty)
        #expect(lines.count == 20_001)
        #expect(lines.allSatisfy { $0.0 == 20_001 ? $0.1 == "last" : $0.1 == "line \($0.0)" })
    }

    @Test("a line over the limit is reported with its length and skipped, and numbering continues")
    func overlongLine() throws {
        let long = String(repeating: "x", count: 300_000)
        let text = "first\n\(long)\nthird\n\(long)"
        let (lines, overlong) = try readAll(Array(text.utf8), maxLineBytes: 100_000)
        #expect(lines.map(\.0) == [1, 3])
        #expect(lines.map(\.1) == ["first", "third"])
        #expect(overlong.map(\.0) == [2, 4])
        #expect(overlong.map(\.1) == [300_000, 300_000])
    }

    @Test("a missing file is an I/O error naming the path")
    func missingFile() {
        #expect(throws: TrainingDataError.io(path: "/nonexistent/x.jsonl", reason: "No such file or directory")) {
            _ = try LineChunkReader(path: "/nonexistent/x.jsonl", maxLineBytes: 100)
        }
    }

    @Test("validation reports an over-long line as line_too_long and still counts the rest")
    func overlongInValidation() throws {
        var lines = ValidationHarness.filler(60)
        lines.insert(Array(String(repeating: "y", count: 200_000).utf8), at: 30)
        var options = ValidationOptions()
        options.maxLineBytes = 70_000
        let report = try ValidationHarness.validate(lines, options: options)
        #expect(report.first(.lineTooLong)?.line == 31)
        #expect(report.training.examples == 60)
        #expect(report.training.lines == 61)
    }

    @Test("invalid UTF-8 inside or outside a string is invalid_utf8 with its byte offset, and not fatal")
    func invalidUTF8() throws {
        var lines = ValidationHarness.filler(60)
        lines.insert(
            Array(#"{"messages":[{"role":"user","content":"caf"#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8), at: 5)
        lines.insert(Array(#"{"messages":"#.utf8) + [0xFF] + Array("[]}".utf8), at: 10)
        let report = try ValidationHarness.validate(lines)
        let problems = report.problems.filter { $0.code == .invalidUTF8 }
        #expect(problems.map(\.line) == [6, 11])
        #expect(problems[0].message.contains("byte 43"))
        #expect(problems[1].message.contains("byte 13"))
        #expect(report.training.examples == 60)
    }
}
