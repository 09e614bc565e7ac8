/// A strict RFC 8259 JSON parser that fills a ``JSONTape`` from one line of bytes.
///
/// Contract: parses exactly one value surrounded by optional whitespace, or throws
/// ``JSONParseError`` with the byte offset and a plain reason. Strings must be valid UTF-8;
/// `\uXXXX` escapes are decoded, lone surrogates become U+FFFD (as Python's tiktoken does) and set
/// `tape.hadLoneSurrogate`. Nesting deeper than `maxDepth` is an error, never a stack overflow.
struct JSONParser {
    static let maxDepth = 512

    private let p: UnsafePointer<UInt8>
    private let n: Int
    private var i = 0
    private let tape: JSONTape

    /// Parses `line` into `tape` (which is reset first).
    static func parse(_ line: UnsafeBufferPointer<UInt8>, into tape: JSONTape) throws(JSONParseError) {
        tape.reset()
        guard let base = line.baseAddress, line.count > 0 else { throw JSONParseError(offset: 0, reason: "empty line") }
        var parser = JSONParser(p: base, n: line.count, tape: tape)
        parser.skipSpace()
        try parser.value(depth: 0)
        parser.skipSpace()
        if parser.i < parser.n {
            throw JSONParseError(offset: parser.i, reason: "unexpected data after the JSON value")
        }
    }

    private init(p: UnsafePointer<UInt8>, n: Int, tape: JSONTape) {
        self.p = p
        self.n = n
        self.tape = tape
    }

    @inline(__always) private mutating func skipSpace() {
        while i < n {
            let c = p[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 } else { break }
        }
    }

    private func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: i, reason: reason) }

    private mutating func value(depth: Int) throws(JSONParseError) {
        guard i < n else { throw fail("unexpected end of line") }
        let start = i
        switch p[i] {
        case 0x7B: try container(object: true, depth: depth)
        case 0x5B: try container(object: false, depth: depth)
        case 0x22:
            let index = tape.nodes.count
            tape.nodes.append(.init(kind: .string, a: 0, b: 0, end: 0, rawStart: Int32(start), rawEnd: 0))
            let (offset, length) = try string()
            tape.nodes[index].a = Int32(offset)
            tape.nodes[index].b = Int32(length)
            tape.nodes[index].end = Int32(index + 1)
            tape.nodes[index].rawEnd = Int32(i)
        case 0x74: try literal("true", .true)
        case 0x66: try literal("false", .false)
        case 0x6E: try literal("null", .null)
        case 0x2D, 0x30...0x39: try number()
        default: throw fail("unexpected character \(describe(p[i]))")
        }
    }

    private func describe(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONTape.Kind) throws(JSONParseError) {
        let len = word.utf8CodeUnitCount
        guard i + len <= n, memcmpBytes(p + i, word.utf8Start, len) else { throw fail("invalid literal") }
        let index = tape.nodes.count
        tape.nodes.append(
            .init(kind: kind, a: 0, b: 0, end: Int32(index + 1), rawStart: Int32(i), rawEnd: Int32(i + len)))
        i += len
    }

    private mutating func number() throws(JSONParseError) {
        let start = i
        if p[i] == 0x2D { i += 1 }
        guard i < n, p[i] >= 0x30 && p[i] <= 0x39 else { throw fail("invalid number") }
        if p[i] == 0x30 {
            i += 1
        } else {
            while i < n && p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
        }
        if i < n && p[i] == 0x2E {
            i += 1
            guard i < n, p[i] >= 0x30 && p[i] <= 0x39 else { throw fail("invalid number: no digits after '.'") }
            while i < n && p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
        }
        if i < n && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            if i < n && (p[i] == 0x2B || p[i] == 0x2D) { i += 1 }
            guard i < n, p[i] >= 0x30 && p[i] <= 0x39 else { throw fail("invalid number: bad exponent") }
            while i < n && p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
        }
        let index = tape.nodes.count
        tape.nodes.append(
            .init(
                kind: .number, a: Int32(start), b: Int32(i - start), end: Int32(index + 1), rawStart: Int32(start),
                rawEnd: Int32(i)))
    }

    private mutating func container(object: Bool, depth: Int) throws(JSONParseError) {
        guard depth < JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
        let index = tape.nodes.count
        tape.nodes.append(.init(kind: object ? .object : .array, a: 0, b: 0, end: 0, rawStart: Int32(i), rawEnd: 0))
        i += 1
        skipSpace()
        var children: Int32 = 0
        let close: UInt8 = object ? 0x7D : 0x5D
        if i < n && p[i] == close {
            i += 1
        } else {
            while true {
                if object {
                    guard i < n, p[i] == 0x22 else { throw fail("expected a string key") }
                    try value(depth: depth + 1)
                    skipSpace()
                    guard i < n, p[i] == 0x3A else { throw fail("expected ':' after a key") }
                    i += 1
                    skipSpace()
                    children += 1
                }
                try value(depth: depth + 1)
                children += 1
                skipSpace()
                guard i < n else { throw fail("unexpected end of line inside \(object ? "an object" : "an array")") }
                if p[i] == 0x2C {
                    i += 1
                    skipSpace()
                    continue
                }
                if p[i] == close {
                    i += 1
                    break
                }
                throw fail("expected ',' or '\(object ? "}" : "]")'")
            }
        }
        tape.nodes[index].a = children
        tape.nodes[index].end = Int32(tape.nodes.count)
        tape.nodes[index].rawEnd = Int32(i)
    }

    /// Scans a string at `i` (on the opening quote); appends its unescaped bytes to the tape.
    private mutating func string() throws(JSONParseError) -> (Int, Int) {
        i += 1
        let offset = tape.strings.count
        while true {
            // Copy a run of plain ASCII in one go.
            let runStart = i
            while i < n {
                let c = p[i]
                if c == 0x22 || c == 0x5C || c < 0x20 || c >= 0x80 { break }
                i += 1
            }
            if i > runStart {
                tape.strings.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: i - runStart))
            }
            guard i < n else { throw fail("unterminated string") }
            let c = p[i]
            if c == 0x22 {
                i += 1
                return (offset, tape.strings.count - offset)
            }
            if c == 0x5C {
                try escape()
            } else if c < 0x20 {
                throw fail("control character in a string (must be escaped)")
            } else {
                let len = utf8Length(at: i)
                guard len > 0 else { throw JSONParseError(offset: i, reason: "invalid UTF-8", isUTF8: true) }
                tape.strings.append(contentsOf: UnsafeBufferPointer(start: p + i, count: len))
                i += len
            }
        }
    }

    /// Length of the valid UTF-8 sequence at `j` (a non-ASCII lead byte), or 0 when invalid.
    private func utf8Length(at j: Int) -> Int { JSONParser.utf8Length(p, j, n) }

    /// Length of the valid UTF-8 sequence at `j` of `[p, p + n)` (non-ASCII lead), or 0.
    static func utf8Length(_ p: UnsafePointer<UInt8>, _ j: Int, _ n: Int) -> Int {
        let b0 = p[j]
        @inline(__always) func cont(_ k: Int) -> Bool { k < n && p[k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF: return cont(j + 1) ? 2 : 0
        case 0xE0: return j + 1 < n && p[j + 1] >= 0xA0 && p[j + 1] <= 0xBF && cont(j + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(j + 1) && cont(j + 2) ? 3 : 0
        case 0xED: return j + 1 < n && p[j + 1] >= 0x80 && p[j + 1] <= 0x9F && cont(j + 2) ? 3 : 0
        case 0xF0: return j + 1 < n && p[j + 1] >= 0x90 && p[j + 1] <= 0xBF && cont(j + 2) && cont(j + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(j + 1) && cont(j + 2) && cont(j + 3) ? 4 : 0
        case 0xF4: return j + 1 < n && p[j + 1] >= 0x80 && p[j + 1] <= 0x8F && cont(j + 2) && cont(j + 3) ? 4 : 0
        default: return 0
        }
    }

    /// Offset of the first byte that is not valid UTF-8, or `nil` when the whole line is valid.
    static func firstInvalidUTF8(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = line.baseAddress else { return nil }
        var j = 0
        while j < line.count {
            if p[j] < 0x80 { j += 1; continue }
            let len = utf8Length(p, j, line.count)
            if len == 0 { return j }
            j += len
        }
        return nil
    }

    private mutating func escape() throws(JSONParseError) {
        guard i + 1 < n else { throw fail("unterminated escape") }
        let e = p[i + 1]
        i += 2
        switch e {
        case 0x22: tape.strings.append(0x22)
        case 0x5C: tape.strings.append(0x5C)
        case 0x2F: tape.strings.append(0x2F)
        case 0x62: tape.strings.append(0x08)
        case 0x66: tape.strings.append(0x0C)
        case 0x6E: tape.strings.append(0x0A)
        case 0x72: tape.strings.append(0x0D)
        case 0x74: tape.strings.append(0x09)
        case 0x75:
            var scalar = try hex4()
            if scalar >= 0xD800 && scalar < 0xDC00 {
                // A high surrogate must be followed by \u and a low surrogate.
                if i + 1 < n && p[i] == 0x5C && p[i + 1] == 0x75 {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                        scalar = 0xFFFD
                        tape.hadLoneSurrogate = true
                    }
                } else {
                    scalar = 0xFFFD
                    tape.hadLoneSurrogate = true
                }
            } else if scalar >= 0xDC00 && scalar < 0xE000 {
                scalar = 0xFFFD
                tape.hadLoneSurrogate = true
            }
            appendUTF8(scalar)
        default: throw JSONParseError(offset: i - 1, reason: "invalid escape \\\(describe(e))")
        }
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= n else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = p[i + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }

    private func appendUTF8(_ v: UInt32) {
        if v < 0x80 {
            tape.strings.append(UInt8(v))
        } else if v < 0x800 {
            tape.strings.append(UInt8(0xC0 | (v >> 6)))
            tape.strings.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            tape.strings.append(UInt8(0xE0 | (v >> 12)))
            tape.strings.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            tape.strings.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            tape.strings.append(UInt8(0xF0 | (v >> 18)))
            tape.strings.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            tape.strings.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            tape.strings.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

/// Why a line is not valid JSON: byte offset within the line and a plain reason.
struct JSONParseError: Error {
    let offset: Int
    let reason: String
    var isUTF8 = false
}
