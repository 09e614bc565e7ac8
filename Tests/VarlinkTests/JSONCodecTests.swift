import Foundation
import Testing
import Varlink

/// The one JSON value type's parser, writer, tree decoder and streaming encoder.
@Suite struct JSONCodecTests {
    @Test func integersAreExactAcrossTheWholeInt64Range() throws {
        let text =
            #"{"max":9223372036854775807,"min":-9223372036854775808,"big":9223372036854775808,"f":1.5,"e":1e3,"z":-0}"#
        let value = try JSONValue(parsing: text)
        #expect(value["max"] == .integer(.max))
        #expect(value["min"] == .integer(.min))
        #expect(value["big"] == .double(9223372036854775808))
        #expect(value["f"] == .double(1.5))
        #expect(value["e"] == .double(1000))
        #expect(value["z"] == .integer(0))
        struct Numbers: Decodable { var max: Int64; var min: Int64; var f: Double }
        let numbers = try value.decode(Numbers.self)
        #expect(numbers.max == .max && numbers.min == .min && numbers.f == 1.5)
        var writer = JSONWriter()
        try writer.write(JSONValue.integer(.max))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "9223372036854775807")
    }

    @Test func stringsWithEscapesAndUnicodeRoundTrip() throws {
        let original = "quote \" backslash \\ slash / tab \t newline \n nul \u{0} é 😀"
        var writer = JSONWriter()
        writer.write(original)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.contains(#"\u0000"#))
        #expect(try JSONValue(parsing: text) == .string(original))
        #expect(try JSONValue(parsing: #""\ud83d\ude00 \u00e9""#) == .string("😀 é"))
        // Foundation reads what we write.
        let foundation = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed)
        #expect(foundation as? String == original)
    }

    @Test func malformedTextIsRefusedWithItsOffset() {
        for bad in [
            "", "{", #"{"a":}"#, "[1,]", "01", "1.", "tru", #""\ud800""#, "[1] x", #""a"#, "{\"a\":1,}", "\"\u{1}\"",
        ] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONValue(parsing: bad) }
        }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParser.Failure.self) { try JSONValue(parsing: deep) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    struct Nested: Codable, Equatable {
        var name: String
        var values: [Int64]
        var inner: Inner?
        var map: [String: Double]
        var url: URL
        var data: Data
        struct Inner: Codable, Equatable {
            var flag: Bool
            var ratio: Double
            var none: String?
        }
    }

    @Test func streamEncoderWritesWhatJSONEncoderWrites() throws {
        let value = Nested(
            name: "a/b \"c\"", values: [1, -2, .max], inner: .init(flag: true, ratio: 0.25, none: nil),
            map: ["x": 1, "y": 2.5], url: URL(string: "https://example.com/a?b=c")!, data: Data([1, 2, 3]))
        let ours = try JSONStreamEncoder().encode(value)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let theirs = try encoder.encode(value)
        let parsedOurs = try JSONParser.parse(ours)
        #expect(parsedOurs == (try JSONParser.parse(theirs)))
        #expect(try JSONDecoder().decode(Nested.self, from: Data(ours)) == value)
        #expect(try parsedOurs.decode(Nested.self) == value)
        #expect(!String(decoding: ours, as: UTF8.self).contains("none"))
    }

    @Test func customShapesAreEncodedCorrectly() throws {
        /// Two keyed containers asked from one encoder, a nested container and a super encoder.
        struct Odd: Encodable {
            enum Key: String, CodingKey { case a, b, c, d }
            func encode(to encoder: any Encoder) throws {
                var first = encoder.container(keyedBy: Key.self)
                try first.encode(1, forKey: .a)
                var nested = first.nestedUnkeyedContainer(forKey: .b)
                try nested.encode("x")
                var deeper = nested.nestedContainer(keyedBy: Key.self)
                try deeper.encode(true, forKey: .a)
                var second = encoder.container(keyedBy: Key.self)
                try second.encode(Optional<Int>.none, forKey: .c)
                try second.encodeIfPresent(Optional<Int>.none, forKey: .d)
            }
        }
        #expect(
            try JSONParser.parse(JSONStreamEncoder().encode(Odd())) == ["a": 1, "b": ["x", ["a": true]], "c": nil])
        class Base: Encodable {
            var base = 1
        }
        final class Derived: Base {
            var own = 2
            enum Key: String, CodingKey { case own }
            override func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(own, forKey: .own)
                try super.encode(to: container.superEncoder())
            }
        }
        #expect(try JSONParser.parse(JSONStreamEncoder().encode(Derived())) == ["own": 2, "super": ["base": 1]])
        #expect(throws: JSONWriter.NonFinite.self) { try JSONStreamEncoder().encode(["x": Double.nan]) }
    }

    @Test func decodingErrorsNameTheField() throws {
        struct Wanted: Decodable { var id: String; var count: Int8 }
        let wrongType: JSONValue = ["id": 3, "count": 1]
        #expect(throws: DecodingError.self) { try wrongType.decode(Wanted.self) }
        let tooLarge: JSONValue = ["id": "x", "count": 300]
        do {
            _ = try tooLarge.decode(Wanted.self)
            Issue.record("300 does not fit in Int8")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["count"])
        }
    }
}
