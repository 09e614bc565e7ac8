/// Parses JSON text (RFC 8259) into a ``JSONValue``, byte by byte, without Foundation.
///
/// Contracts:
/// - A number written without a fraction or an exponent that fits in `Int64` becomes
///   ``JSONValue/integer(_:)`` exactly; any other number becomes ``JSONValue/double(_:)``.
/// - Strings must be valid UTF-8; escapes (`\uXXXX` with surrogate pairs included) are decoded.
///   A lone surrogate escape is an error.
/// - Nesting deeper than ``maximumDepth`` is an error (a hostile message cannot exhaust the stack).
/// - The whole input must be one value, with optional whitespace around it.
/// - A duplicate object key keeps the last value (as `JSONSerialization` does).
public struct JSONParser {
    /// Why a text is not JSON, with the byte offset where reading stopped.
    public struct Failure: Error, CustomStringConvertible, Sendable, Equatable {
        public var offset: Int
        public var reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 512

    /// Parses `bytes` as one JSON value.
    ///
    /// - Throws: ``Failure`` when the text is not one well-formed JSON value.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.offset == bytes.count else { throw reader.failure("text after the value") }
        return value
    }

    /// Parses any contiguous bytes (an `Array`, a `Data`, a `ByteBuffer` view).
    public static func parse<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws -> JSONValue {
        if let result = try bytes.withContiguousStorageIfAvailable({ try parse(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(bytes).withUnsafeBytes { try parse($0) }
    }

    /// Parses UTF-8 text.
    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0)) }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        func failure(_ reason: String) -> Failure { Failure(offset: offset, reason: reason) }

        var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x09, 0x0A, 0x0D: offset += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard let byte = current else { throw failure("unexpected end") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try number()
            default:
                throw failure("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard offset + count <= bytes.count else { throw failure("unexpected end") }
            let expected = UnsafeRawBufferPointer(start: word.utf8Start, count: count)
            for index in 0..<count where bytes[offset + index] != expected[index] {
                throw failure("unknown literal")
            }
            offset += count
        }

        mutating func object(depth: Int) throws -> JSONValue {
            guard depth <= JSONParser.maximumDepth else { throw failure("nested too deeply") }
            offset += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                offset += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw failure("expected a member name") }
                let key = try string()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw failure("expected ':'") }
                offset += 1
                skipWhitespace()
                members[key] = try value(depth: depth)
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "}"):
                    offset += 1
                    return .object(members)
                default: throw failure("expected ',' or '}'")
                }
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            guard depth <= JSONParser.maximumDepth else { throw failure("nested too deeply") }
            offset += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                offset += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "]"):
                    offset += 1
                    return .array(elements)
                default: throw failure("expected ',' or ']'")
                }
            }
        }

        mutating func string() throws -> String {
            offset += 1  // the opening quote
            let start = offset
            // Fast path: no escapes.
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    let text = try utf8(start..<offset)
                    offset += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw failure("control character in a string") }
                offset += 1
            }
            guard offset < bytes.count else { throw failure("unterminated string") }
            var decoded = [UInt8](bytes[start..<offset])
            while offset < bytes.count {
                let byte = bytes[offset]
                switch byte {
                case UInt8(ascii: "\""):
                    offset += 1
                    guard let text = String(validating: decoded, as: UTF8.self) else {
                        throw failure("string is not valid UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    offset += 1
                    guard let escape = current else { throw failure("unterminated string") }
                    offset += 1
                    switch escape {
                    case UInt8(ascii: "\""): decoded.append(0x22)
                    case UInt8(ascii: "\\"): decoded.append(0x5C)
                    case UInt8(ascii: "/"): decoded.append(0x2F)
                    case UInt8(ascii: "b"): decoded.append(0x08)
                    case UInt8(ascii: "f"): decoded.append(0x0C)
                    case UInt8(ascii: "n"): decoded.append(0x0A)
                    case UInt8(ascii: "r"): decoded.append(0x0D)
                    case UInt8(ascii: "t"): decoded.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = UInt32(try hex4())
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard current == UInt8(ascii: "\\"), offset + 1 < bytes.count,
                                bytes[offset + 1] == UInt8(ascii: "u")
                            else { throw failure("lone surrogate") }
                            offset += 2
                            let low = UInt32(try hex4())
                            guard (0xDC00...0xDFFF).contains(low) else { throw failure("lone surrogate") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw failure("lone surrogate")
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid escape") }
                        decoded.append(contentsOf: UTF8.encode(unicode)!)
                    default:
                        throw failure("invalid escape")
                    }
                default:
                    if byte < 0x20 { throw failure("control character in a string") }
                    decoded.append(byte)
                    offset += 1
                }
            }
            throw failure("unterminated string")
        }

        mutating func hex4() throws -> UInt16 {
            guard offset + 4 <= bytes.count else { throw failure("unterminated escape") }
            var result: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("invalid \\u escape")
                }
                result = result << 4 | UInt16(digit)
                offset += 1
            }
            return result
        }

        func utf8(_ range: Range<Int>) throws -> String {
            let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
            // ASCII is the common case and needs no validation pass of its own.
            guard let text = String(validating: slice.bindMemory(to: UInt8.self), as: UTF8.self) else {
                throw failure("string is not valid UTF-8")
            }
            return text
        }

        mutating func number() throws -> JSONValue {
            let start = offset
            var negative = false
            if current == UInt8(ascii: "-") {
                negative = true
                offset += 1
            }
            guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
                throw failure("expected a digit")
            }
            // Accumulate as a negative number so that Int64.min fits.
            var accumulated: Int64 = 0
            var overflow = false
            if first == UInt8(ascii: "0") {
                offset += 1
            } else {
                while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    let (times10, o1) = accumulated.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                    if o1 || o2 { overflow = true } else { accumulated = next }
                    offset += 1
                }
            }
            var integral = true
            if current == UInt8(ascii: ".") {
                integral = false
                offset += 1
                guard let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                    throw failure("expected a digit after '.'")
                }
                while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { offset += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                integral = false
                offset += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
                guard let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                    throw failure("expected a digit in the exponent")
                }
                while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { offset += 1 }
            }
            if integral && !overflow {
                if negative { return .integer(accumulated) }
                if accumulated != .min { return .integer(-accumulated) }
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            guard let double = Double(text), double.isFinite else { throw failure("number out of range") }
            return .double(double)
        }
    }
}
