/// Writes JSON text into a byte array, without Foundation: the one serializer behind
/// ``JSONValue`` text, Varlink messages and ``JSONStreamEncoder``.
///
/// Contracts:
/// - Strings are escaped as RFC 8259 requires (`"`, `\`, control characters); `/` and non-ASCII
///   text are written as they are (UTF-8).
/// - A `Double` is written as Swift's shortest round-trip text, without a trailing `.0`
///   (as `JSONEncoder` writes it); a non-finite `Double` cannot be written (``NonFinite``).
/// - Object members of a ``JSONValue`` are written in key order when `sortedKeys` is set, else
///   in the dictionary's order.
public struct JSONWriter {
    /// A NaN or infinity was given: JSON has no text for it.
    public struct NonFinite: Error, CustomStringConvertible, Sendable {
        public var description: String { "a non-finite number cannot be written as JSON" }
    }

    /// The text written so far.
    public var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    public mutating func write(raw byte: UInt8) { bytes.append(byte) }

    public mutating func write(raw text: StaticString) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func writeNull() { write(raw: "null") }

    public mutating func write(_ value: Bool) { write(raw: value ? "true" : "false") }

    public mutating func write(_ value: Int64) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // Digits backwards into a small stack buffer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var magnitude = value.magnitude
            var index = 20
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<20]))
        }
    }

    public mutating func write(_ value: UInt64) {
        if value <= UInt64(Int64.max) {
            write(Int64(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// - Throws: ``NonFinite`` for NaN and infinities.
    public mutating func write(_ value: Double) throws {
        guard value.isFinite else { throw NonFinite() }
        if let exact = Int64(exactly: value), abs(exact) < 1 << 53 {
            write(exact)
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func write(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): write(raw: "\\\"")
                case UInt8(ascii: "\\"): write(raw: "\\\\")
                case 0x0A: write(raw: "\\n")
                case 0x0D: write(raw: "\\r")
                case 0x09: write(raw: "\\t")
                case 0x08: write(raw: "\\b")
                case 0x0C: write(raw: "\\f")
                default:
                    write(raw: "\\u00")
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes a whole value.
    ///
    /// - Throws: ``NonFinite`` when it holds a non-finite `Double`.
    public mutating func write(_ value: JSONValue, sortedKeys: Bool = false) throws {
        switch value {
        case .null: writeNull()
        case .bool(let flag): write(flag)
        case .integer(let number): write(number)
        case .double(let number): try write(number)
        case .string(let text): write(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try write(element, sortedKeys: sortedKeys)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            try write(members, sortedKeys: sortedKeys)
        }
    }

    /// Writes an object.
    public mutating func write(_ members: [String: JSONValue], sortedKeys: Bool = false) throws {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        func member(_ key: String, _ value: JSONValue) throws {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            write(key)
            bytes.append(UInt8(ascii: ":"))
            try write(value, sortedKeys: sortedKeys)
        }
        if sortedKeys {
            for key in members.keys.sorted() { try member(key, members[key]!) }
        } else {
            for (key, value) in members { try member(key, value) }
        }
        bytes.append(UInt8(ascii: "}"))
    }
}
