import Foundation
import Testing

@testable import TrainingData

/// One input that must raise a code and a near-identical one that must not.
struct CodeCase: Sendable, CustomTestStringConvertible {
    var lines: [[UInt8]]
    var validation: [[UInt8]]? = nil
    var format: DataFormat = .chat
    var model: String? = nil
    var tokenLimit: Int? = nil
    var maxLineBytes: Int? = nil
    /// Add 60 distinct valid lines so dataset-size checks stay quiet.
    var padded = true

    var testDescription: String { lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " | ") }

    func run() throws -> ValidationReport {
        var options = ValidationOptions()
        options.format = format
        if let model { options.model = model }
        options.tokenLimit = tokenLimit
        if let maxLineBytes { options.maxLineBytes = maxLineBytes }
        let all = padded ? ValidationHarness.filler(60, format: format) + lines : lines
        return try ValidationHarness.validate(all, validation: validation, options: options)
    }
}

private func l(_ s: String) -> [UInt8] { Array(s.utf8) }

private func chat(_ messages: String, extra: String = "") -> [UInt8] { l(#"{"messages":[\#(messages)]\#(extra)}"#) }

private let user = #"{"role":"user","content":"Hi"}"#
private let assistant = #"{"role":"assistant","content":"Hello"}"#

/// code → (triggers, does not trigger)
let problemCodeCases: [ProblemCode: (CodeCase, CodeCase)] = [
    .invalidJSON: (CodeCase(lines: [l(#"{"messages": [}"#)]), CodeCase(lines: [l(ValidationHarness.goodLine)])),
    .invalidUTF8: (
        CodeCase(lines: [
            l(#"{"messages":[{"role":"user","content":"caf"#) + [0xC3, 0x28] + l(#""},\#(assistant)]}"#),
            l(#"{"messages":"#) + [0xFF, 0xFE] + l("[]}"),
        ]),
        CodeCase(lines: [l(#"{"messages":[{"role":"user","content":"café"},\#(assistant)]}"#)])
    ),
    .lineTooLong: (
        CodeCase(
            lines: [chat(#"{"role":"user","content":"\#(String(repeating: "x", count: 300))"},\#(assistant)"#)],
            maxLineBytes: 250),
        CodeCase(
            lines: [chat(#"{"role":"user","content":"\#(String(repeating: "x", count: 100))"},\#(assistant)"#)],
            maxLineBytes: 250)
    ),
    .blankLine: (
        CodeCase(lines: [l(""), l(ValidationHarness.goodLine)]), CodeCase(lines: [l(ValidationHarness.goodLine)])
    ),
    .loneSurrogate: (
        CodeCase(lines: [chat(#"{"role":"user","content":"a\ud800b"},\#(assistant)"#)]),
        CodeCase(lines: [chat(#"{"role":"user","content":"a\ud83d\ude80b"},\#(assistant)"#)])
    ),
    .dataType: (CodeCase(lines: [l("[1, 2]")]), CodeCase(lines: [l(ValidationHarness.goodLine)])),
    .missingMessagesList: (CodeCase(lines: [l(#"{"messages":[]}"#)]), CodeCase(lines: [chat("\(user),\(assistant)")])),
    .messageDataType: (
        CodeCase(lines: [chat(#""hi",\#(assistant)"#)]), CodeCase(lines: [chat("\(user),\(assistant)")])
    ),
    .messageMissingKey: (
        CodeCase(lines: [chat(#"{"content":"Hi"},\#(assistant)"#)]), CodeCase(lines: [chat("\(user),\(assistant)")])
    ),
    .messageUnrecognizedKey: (
        CodeCase(lines: [chat(#"{"role":"user","content":"Hi","mood":"happy"},\#(assistant)"#)]),
        CodeCase(lines: [chat(#"{"role":"user","content":"Hi","name":"alice"},\#(assistant)"#)])
    ),
    .unrecognizedRole: (
        CodeCase(lines: [chat(#"{"role":"bot","content":"Hi"},\#(assistant)"#)]),
        CodeCase(lines: [chat(#"{"role":"developer","content":"Be kind"},\#(user),\#(assistant)"#)])
    ),
    .missingContent: (
        CodeCase(lines: [chat(#"\#(user),{"role":"assistant","content":""}"#)]),
        CodeCase(lines: [chat("\(user),\(assistant)")])
    ),
    .exampleMissingAssistantMessage: (CodeCase(lines: [chat(user)]), CodeCase(lines: [chat("\(user),\(assistant)")])),
    .invalidContentPart: (
        CodeCase(lines: [chat(#"{"role":"user","content":[{"type":"audio","data":"x"}]},\#(assistant)"#)]),
        CodeCase(lines: [
            chat(
                #"{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]},\#(assistant)"#
            )
        ])
    ),
    .invalidWeight: (
        CodeCase(lines: [chat(#"\#(user),{"role":"assistant","content":"Hello","weight":2}"#)]),
        CodeCase(lines: [
            chat(
                #"\#(user),{"role":"assistant","content":"Hm","weight":0},\#(user),{"role":"assistant","content":"Hello","weight":1}"#
            )
        ])
    ),
    .invalidName: (
        CodeCase(lines: [chat(#"{"role":"user","content":"Hi","name":""},\#(assistant)"#)]),
        CodeCase(lines: [chat(#"{"role":"user","content":"Hi","name":"alice"},\#(assistant)"#)])
    ),
    .invalidToolCalls: (
        CodeCase(lines: [chat(#"\#(user),{"role":"assistant","tool_calls":"get_weather"}"#)]),
        CodeCase(lines: [
            chat(
                #"\#(user),{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"5C"},\#(assistant)"#
            )
        ])
    ),
    .missingToolCallID: (
        CodeCase(lines: [chat(#"\#(user),{"role":"tool","content":"5C"},\#(assistant)"#)]),
        CodeCase(lines: [chat(#"\#(user),{"role":"tool","tool_call_id":"call_1","content":"5C"},\#(assistant)"#)])
    ),
    .invalidTools: (
        CodeCase(lines: [chat("\(user),\(assistant)", extra: #","tools":[{"type":"function"}]"#)]),
        CodeCase(lines: [
            chat(
                "\(user),\(assistant)",
                extra:
                    #","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]"#)
        ])
    ),
    .invalidParallelToolCalls: (
        CodeCase(lines: [chat("\(user),\(assistant)", extra: #","parallel_tool_calls":"yes""#)]),
        CodeCase(lines: [chat("\(user),\(assistant)", extra: #","parallel_tool_calls":false"#)])
    ),
    .invalidSpecialToken: (
        CodeCase(lines: [chat(#"{"role":"user","content":"end <|endoftext|>"},\#(assistant)"#)]),
        CodeCase(lines: [chat(#"{"role":"user","content":"end <|notspecial|> <| |>"},\#(assistant)"#)])
    ),
    .noTrainableMessages: (
        CodeCase(lines: [chat(#"\#(user),{"role":"assistant","content":"Hello","weight":0}"#)]),
        CodeCase(lines: [chat(#"\#(user),{"role":"assistant","content":"Hello","weight":1}"#)])
    ),
    .unrecognizedKey: (
        CodeCase(lines: [chat("\(user),\(assistant)", extra: #","metadata":{"id":1}"#)]),
        CodeCase(lines: [chat("\(user),\(assistant)", extra: #","metadata":{"id":1}"#)], format: .rft)
    ),
    .legacyPromptCompletion: (
        CodeCase(lines: [l(#"{"prompt":"Hi ->","completion":" Hello"}"#)]),
        CodeCase(lines: [l(ValidationHarness.goodLine)])
    ),
    .missingInput: (
        CodeCase(
            lines: [
                l(#"{"preferred_output":[\#(assistant)],"non_preferred_output":[{"role":"assistant","content":"No"}]}"#)
            ], format: .dpo),
        CodeCase(lines: [l(ValidationHarness.goodPreferenceLine)], format: .dpo)
    ),
    .missingPreferredOutput: (
        CodeCase(
            lines: [l(#"{"input":{"messages":[\#(user)]},"non_preferred_output":[\#(assistant)]}"#)], format: .dpo),
        CodeCase(lines: [l(ValidationHarness.goodPreferenceLine)], format: .dpo)
    ),
    .missingNonPreferredOutput: (
        CodeCase(lines: [l(#"{"input":{"messages":[\#(user)]},"preferred_output":[\#(assistant)]}"#)], format: .dpo),
        CodeCase(lines: [l(ValidationHarness.goodPreferenceLine)], format: .dpo)
    ),
    .invalidPreferredOutput: (
        CodeCase(
            lines: [
                l(
                    #"{"input":{"messages":[\#(user)]},"preferred_output":[\#(user)],"non_preferred_output":[\#(assistant)]}"#
                )
            ], format: .dpo),
        CodeCase(lines: [l(ValidationHarness.goodPreferenceLine)], format: .dpo)
    ),
    .identicalPreferenceOutputs: (
        CodeCase(
            lines: [
                l(
                    #"{"input":{"messages":[\#(user)]},"preferred_output":[\#(assistant)],"non_preferred_output":[\#(assistant)]}"#
                )
            ], format: .dpo),
        CodeCase(lines: [l(ValidationHarness.goodPreferenceLine)], format: .dpo)
    ),
    .rftEndsWithAssistant: (
        CodeCase(lines: [chat("\(user),\(assistant)")], format: .rft),
        CodeCase(lines: [chat(user, extra: #","reference_answer":"Hello""#)], format: .rft)
    ),
    .tooFewExamples: (
        CodeCase(lines: ValidationHarness.filler(9), padded: false),
        CodeCase(lines: ValidationHarness.filler(10), padded: false)
    ),
    .fewExamples: (
        CodeCase(lines: ValidationHarness.filler(49), padded: false),
        CodeCase(lines: ValidationHarness.filler(50), padded: false)
    ),
    .duplicateExample: (
        CodeCase(lines: [
            l(ValidationHarness.goodLine), l(ValidationHarness.goodLine.replacingOccurrences(of: ":", with: ": ")),
        ]),
        CodeCase(lines: [
            l(ValidationHarness.goodLine), l(ValidationHarness.goodLine.replacingOccurrences(of: "Hello", with: "Hey")),
        ])
    ),
    .validationOverlap: (
        CodeCase(lines: [l(ValidationHarness.goodLine)], validation: [l(ValidationHarness.goodLine)]),
        CodeCase(
            lines: [l(ValidationHarness.goodLine)],
            validation: [chat(#"\#(user),{"role":"assistant","content":"Other"}"#)])
    ),
    .exampleTooLong: (
        CodeCase(
            lines: [chat(#"{"role":"user","content":"\#(String(repeating: "word ", count: 50))"},\#(assistant)"#)],
            tokenLimit: 40),
        CodeCase(lines: [chat("\(user),\(assistant)")], tokenLimit: 40)
    ),
    .unknownModel: (
        CodeCase(lines: [l(ValidationHarness.goodLine)], model: "llama-3-8b"),
        CodeCase(lines: [l(ValidationHarness.goodLine)])
    ),
]

@Suite("Every problem code has a line that triggers it and one that does not")
struct ProblemCodeTests {
    @Test("every ProblemCode has a test case")
    func everyCodeCovered() {
        let missing = ProblemCode.allCases.filter { problemCodeCases[$0] == nil }
        #expect(missing.isEmpty, "no test case for \(missing)")
    }

    @Test("the code is raised by its trigger and not by its near miss", arguments: ProblemCode.allCases)
    func triggerAndNearMiss(code: ProblemCode) throws {
        let (trigger, clean) = try #require(problemCodeCases[code])
        let bad = try trigger.run()
        #expect(bad.count(code) >= 1, "\(code.rawValue) not raised; got \(bad.problemCounts)")
        if let problem = bad.first(code) {
            #expect(problem.severity == code.severity)
            #expect(!problem.message.isEmpty)
            #expect(bad.hasErrors == (bad.errorCount > 0))
        }
        let good = try clean.run()
        #expect(
            good.count(code) == 0,
            "\(code.rawValue) raised on the near miss: \(good.problems.filter { $0.code == code })")
    }
}
