import Testing

@testable import TrainingData

@Suite("Strict JSON line parser")
struct JSONParserTests {
    func parse(_ s: String) throws -> JSONTape {
        let tape = JSONTape()
        let bytes = Array(s.utf8)
        try bytes.withUnsafeBufferPointer { try JSONParser.parse($0, into: tape) }
        return tape
    }

    @Test("decodes escapes and surrogate pairs")
    func escapes() throws {
        let tape = try parse(#"{"a":"x\n\"y\"\\\/\u00e9\ud83d\ude80\t"}"#)
        let a = try #require(tape.member(0, "a"))
        #expect(tape.string(a) == "x\n\"y\"\\/é🚀\t")
        #expect(!tape.hadLoneSurrogate)
    }

    @Test(
        "rejects what Python's json.loads or OpenAI would reject",
        arguments: [
            "", "{", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{'a':1}", "01", "1.", "-", "tru", "\"a\u{01}b\"",
            "{\"a\":1} x", "\"\\x\"",
            "\"\\u12g4\"", "NaN",
        ])
    func rejects(_ text: String) {
        #expect(throws: JSONParseError.self) { _ = try parse(text) }
    }

    @Test(
        "accepts every JSON value kind",
        arguments: ["null", "true", "false", "-0.5e+3", "\"\"", "[]", "{}", " [1, {\"b\": [null]}] "])
    func accepts(_ text: String) throws {
        _ = try parse(text)
    }

    @Test("deep nesting is an error, not a stack overflow")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { _ = try parse(deep) }
    }

    @Test("a lone surrogate becomes U+FFFD and is flagged")
    func loneSurrogate() throws {
        let tape = try parse(#""a\udc00b""#)
        #expect(tape.string(0) == "a\u{FFFD}b")
        #expect(tape.hadLoneSurrogate)
    }

    @Test("fingerprints ignore whitespace and escaping style but not content")
    func fingerprints() throws {
        func fp(_ s: String) throws -> Fingerprint {
            let tape = try parse(s)
            let bytes = Array(s.utf8)
            return bytes.withUnsafeBufferPointer { tape.fingerprint(line: $0) }
        }
        #expect(try fp(#"{"a": "é", "b": [1, 2]}"#) == fp(#"{"a":"\u00e9","b":[1,2]}"#))
        #expect(try fp(#"{"a":"x","b":"y"}"#) != fp(#"{"a":"xb","b":""}"#))
        #expect(try fp(#"{"a":1}"#) != fp(#"{"a":2}"#))
    }
}
