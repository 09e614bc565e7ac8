import Foundation
import Testing

@testable import TrainingData

@Suite("Converters to chat JSONL")
struct ConverterTests {
    struct Converted {
        let report: ConversionReport
        let train: [[String: Any]]
        let valid: [[String: Any]]
    }

    func convert(
        _ name: String, _ text: String, _ configure: (inout ConversionOptions) -> Void = { _ in }
    ) throws -> Converted {
        let dir = try TemporaryDirectory()
        let input = try dir.write(name, text)
        let output = dir.url.appendingPathComponent("out.jsonl")
        var options = ConversionOptions()
        configure(&options)
        let report = try DatasetConverter.convert(input: input, output: output, options: options)
        func lines(_ path: String?) throws -> [[String: Any]] {
            guard let path else { return [] }
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
        return Converted(report: report, train: try lines(report.output), valid: try lines(report.validationOutput))
    }

    func messages(_ example: [String: Any]) -> [(String, String)] {
        (example["messages"] as? [[String: Any]] ?? []).map {
            ($0["role"] as? String ?? "", $0["content"] as? String ?? "")
        }
    }

    @Test("CSV with quoted fields, embedded newlines and a system prompt")
    func csv() throws {
        let c = try convert(
            "qa.csv", "question,answer\r\n\"Say \"\"hi\"\"\",\"hi, there\"\r\n\"two\nlines\",ok\r\n",
            { $0.systemPrompt = "Be brief." })
        #expect(c.report.columns == "question → user, answer → assistant")
        #expect(c.train.count == 2)
        #expect(messages(c.train[0]).map(\.0) == ["system", "user", "assistant"])
        #expect(messages(c.train[0])[1].1 == "Say \"hi\"")
        #expect(messages(c.train[0])[2].1 == "hi, there")
        #expect(messages(c.train[1])[1].1 == "two\nlines")
    }

    @Test("TSV with columns named by flags")
    func tsv() throws {
        let c = try convert("d.tsv", "id\tq\ta\n1\tWhat?\tThat.\n") {
            $0.promptColumn = "q"
            $0.completionColumn = "a"
        }
        #expect(messages(c.train[0]).map(\.1) == ["What?", "That."])
    }

    @Test("legacy prompt/completion JSONL, trimmed, with short rows skipped and named")
    func legacyJSONL() throws {
        let c = try convert(
            "old.jsonl",
            """
            {"prompt": "Capital of France?", "completion": " Paris"}
            {"prompt": "Empty", "completion": ""}
            not json
            {"prompt": "2+2", "completion": 4}
            """)
        #expect(c.train.count == 2)
        #expect(messages(c.train[0]).map(\.1) == ["Capital of France?", "Paris"])
        #expect(messages(c.train[1]).map(\.1) == ["2+2", "4"])
        #expect(c.report.skipped.map(\.line) == [2, 3])
        #expect(c.report.rowsRead == 4)
    }

    @Test("a JSON array of question/answer objects")
    func jsonArray() throws {
        let c = try convert(
            "d.json",
            """
            [
              {"Question": "A?", "Answer": "a"},
              {"Question": "B?", "Answer": "b"}
            ]
            """)
        #expect(c.train.count == 2)
        #expect(messages(c.train[1]).map(\.1) == ["B?", "b"])
    }

    @Test("chat lines pass through compacted, getting the system prompt only where they lack one")
    func chatPassThrough() throws {
        let c = try convert(
            "chat.jsonl",
            """
            {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo", "weight": 1}], "tools": []}
            {"messages": [{"role": "system", "content": "Own"}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}
            """, { $0.systemPrompt = "Added" })
        #expect(messages(c.train[0]).map(\.1) == ["Added", "Hi", "Yo"])
        #expect((c.train[0]["messages"] as? [[String: Any]])?[2]["weight"] as? Int == 1)
        #expect(c.train[0]["tools"] != nil)
        #expect(messages(c.train[1]).map(\.1) == ["Own", "Hi", "Yo"])
    }

    @Test("duplicates are removed unless asked to keep them")
    func dedupe() throws {
        let csv = "prompt,completion\na,b\na,b\nc,d\n"
        #expect(try convert("d.csv", csv).report.duplicatesRemoved == 1)
        #expect(try convert("d.csv", csv).train.count == 2)
        #expect(try convert("d.csv", csv, { $0.deduplicate = false }).train.count == 3)
    }

    @Test("the split is exact and deterministic, and the seed changes it")
    func split() throws {
        let csv = "prompt,completion\n" + (0..<200).map { "q\($0),a\($0)" }.joined(separator: "\n")
        let a = try convert("d.csv", csv, { $0.validationSplit = 0.1 })
        let b = try convert("d.csv", csv, { $0.validationSplit = 0.1 })
        let c = try convert(
            "d.csv", csv,
            {
                $0.validationSplit = 0.1
                $0.seed = 7
            })
        #expect(a.report.validationExamples == 20)
        #expect(a.train.count == 180)
        #expect(a.valid.count == 20)
        let picked = a.valid.map { messages($0)[0].1 }
        #expect(picked == b.valid.map { messages($0)[0].1 })
        #expect(picked != c.valid.map { messages($0)[0].1 })
        #expect(Set(picked).isDisjoint(with: a.train.map { messages($0)[0].1 }))
        #expect(a.report.validationOutput?.hasSuffix("out_valid.jsonl") == true)
    }

    @Test("unknown columns, formats and bad splits are clear errors")
    func errors() throws {
        #expect(throws: TrainingDataError.self) { _ = try convert("d.csv", "foo,bar\n1,2\n") }
        #expect(throws: TrainingDataError.self) { _ = try convert("d.txt", "hello") }
        #expect(throws: TrainingDataError.self) { _ = try convert("d.csv", "prompt,completion\n\"open,x\n") }
        #expect(throws: TrainingDataError.self) {
            _ = try convert("d.csv", "prompt,completion\na,b\n", { $0.validationSplit = 1.5 })
        }
        do {
            _ = try convert("d.csv", "foo,bar\n1,2\n")
        } catch let error as TrainingDataError {
            #expect(error.description.contains("foo, bar"))
            #expect(error.description.contains("--prompt-column"))
        }
    }

    @Test("converted output validates cleanly")
    func convertedValidates() throws {
        let dir = try TemporaryDirectory()
        let csv = "question,answer\n" + (0..<60).map { "Question \($0)?,Answer \($0)." }.joined(separator: "\n")
        let input = try dir.write("qa.csv", csv)
        let output = dir.url.appendingPathComponent("qa.jsonl")
        var options = ConversionOptions()
        options.systemPrompt = "You are helpful."
        _ = try DatasetConverter.convert(input: input, output: output, options: options)
        let report = try TrainingFileValidator.validate(url: output)
        #expect(report.errorCount == 0)
        #expect(report.warningCount == 0)
        #expect(report.training.examples == 60)
    }
}
