import Foundation
import Testing

@testable import TrainingData

@Suite("Report JSON for the daemon and --json")
struct ReportCodingTests {
    @Test("the report encodes with snake_case keys and decodes back unchanged")
    func roundTrip() throws {
        var lines = ValidationHarness.filler(20)
        lines.append(Array(#"{"messages":[{"role":"bot","content":"x"},{"role":"assistant","content":"y"}]}"#.utf8))
        let report = try ValidationHarness.validate(lines)
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in [
            "token_limit_per_example", "problem_counts", "problems_truncated", "error_count", "warning_count", "cost",
            "training",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let problems = try #require(object["problems"] as? [[String: Any]])
        let first = try #require(problems.first { $0["code"] as? String == "unrecognized_role" })
        #expect(first["key_path"] as? String == "messages[0].role")
        #expect(first["severity"] as? String == "error")
        #expect(first["line"] as? Int == 21)
        let cost = try #require(object["cost"] as? [String: Any])
        #expect(cost["billed_tokens"] as? Int == report.billedTokens)
        let training = try #require(object["training"] as? [String: Any])
        #expect(training["tokens_per_example"] != nil)
        #expect(try JSONDecoder().decode(ValidationReport.self, from: data) == report)
    }

    @Test("stored problems are capped but counts stay complete")
    func cap() throws {
        var lines = ValidationHarness.filler(20)
        for _ in 0..<30 { lines.append(Array("oops".utf8)) }
        var options = ValidationOptions()
        options.maxStoredProblems = 5
        let report = try ValidationHarness.validate(lines, options: options)
        #expect(report.problems.count == 5)
        #expect(report.problemsTruncated)
        #expect(report.count(.invalidJSON) == 30)
        #expect(report.problems.map(\.line) == [21, 22, 23, 24, 25])
    }
}
