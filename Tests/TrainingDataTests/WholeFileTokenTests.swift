import Foundation
import Testing

@testable import TrainingData

private struct Expected: Decodable {
    let examples: Int
    let total_tokens: Int
    let assistant_tokens: Int
}

@Suite("Whole-file token totals equal tiktoken's")
struct WholeFileTokenTests {
    @Test(
        "a generated chat dataset totals exactly what the cookbook script with tiktoken counts",
        arguments: [("gpt-4o-mini-2024-07-18", "o200k_base"), ("gpt-3.5-turbo-0125", "cl100k_base")])
    func generatedDataset(model: String, encoding: String) throws {
        let expected = try JSONDecoder().decode(
            [String: Expected].self, from: Fixtures.data("chat_small_expected.json"))
        let want = try #require(expected[encoding])
        var options = ValidationOptions()
        options.model = model
        let report = try TrainingFileValidator.validate(url: Fixtures.url("chat_small.jsonl"), options: options)
        #expect(report.encoding.rawValue == encoding)
        #expect(report.training.examples == want.examples)
        #expect(report.training.totalTokens == want.total_tokens)
        #expect(report.training.assistantTokensPerExample.total == want.assistant_tokens)
        #expect(report.errorCount == 0)
    }

    @Test("one worker and two workers give the same report")
    func workersAgree() throws {
        var lines = ValidationHarness.filler(3000)
        lines[10] = Array(#"{"messages":[{"role":"bot","content":"x"}]}"#.utf8)
        lines[2500] = Array("not json".utf8)
        lines[2999] = lines[5]
        var one = ValidationOptions()
        one.workers = 1
        var two = ValidationOptions()
        two.workers = 2
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("train.jsonl")
        try Data(lines.joined(separator: [0x0A])).write(to: file)
        let a = try TrainingFileValidator.validate(url: file, options: one)
        let b = try TrainingFileValidator.validate(url: file, options: two)
        #expect(a == b)
        #expect(a.problems.map(\.line) == [11, 11, 2501, 3000])
        #expect(a.first(.duplicateExample)?.message == "duplicates line 6")
    }

    @Test("problems carry the line and key path of the bad value")
    func lineAndKeyPath() throws {
        var lines = ValidationHarness.filler(60)
        lines.insert(
            Array(
                #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Yo","weight":3}]}"#.utf8),
            at: 41)
        let report = try ValidationHarness.validate(lines)
        let problem = try #require(report.first(.invalidWeight))
        #expect(problem.line == 42)
        #expect(problem.keyPath == "messages[1].weight")
        #expect(problem.file == .training)
        #expect(problem.message.contains("0 or 1"))
    }
}
