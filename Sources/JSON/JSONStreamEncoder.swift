#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Encodes an `Encodable` value straight to JSON bytes, in one pass, without building a tree
/// and without Foundation's `JSONEncoder`: the encoder behind every Varlink reply.
///
/// It writes what `JSONEncoder` (default strategies, `.withoutEscapingSlashes`) writes for the
/// same value, members in the order they are encoded (declaration order for synthesized
/// conformances), with these contracts:
/// - `nil` optionals encoded with `encodeIfPresent` (synthesized code) are left out, as there;
/// - `URL` is written as its absolute string, `Data` as base64, `Date` as seconds since 2001;
/// - a non-finite `Double` throws ``JSONWriter/NonFinite``;
/// - the rare shapes a single pass cannot stream (`superEncoder`, two kinds of container asked
///   from one encoder) are handed to `JSONEncoder` for that value, so the output is always right.
public struct JSONStreamEncoder {
    public init() {}

    /// The JSON text of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var writer = JSONWriter()
        try encode(value, into: &writer)
        return writer.bytes
    }

    /// Appends the JSON text of `value` to `writer`.
    public func encode<T: Encodable>(_ value: T, into writer: inout JSONWriter) throws {
        let state = StreamState(writer: writer)
        writer = JSONWriter(reservingCapacity: 0)  // the state owns the buffer meanwhile: no copy
        let start = state.writer.bytes.count
        do {
            try state.encodeValue(value, codingPath: [])
            state.close(downTo: 0)
        } catch {
            writer = state.writer
            writer.bytes.removeSubrange(start...)
            throw error
        }
        writer = state.writer
        if state.unsupported {
            writer.bytes.removeSubrange(start...)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            writer.bytes.append(contentsOf: try encoder.encode(value))
        }
    }
}

/// The output and the containers still open, innermost last.
private final class StreamState {
    struct Frame {
        var isObject: Bool
        var count: Int
    }

    var writer: JSONWriter
    var open: [Frame] = []
    /// Set when the value used a shape this encoder cannot stream; the caller starts over.
    var unsupported = false

    init(writer: JSONWriter) {
        self.writer = writer
        open.reserveCapacity(8)
    }

    /// Closes the containers at `depth` and deeper.
    func close(downTo depth: Int) {
        while open.count > depth {
            writer.write(raw: open.removeLast().isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Prepares the next member or element of the container at `index`: closes what was opened
    /// inside its previous one, writes the separator.
    func beginElement(of index: Int) {
        close(downTo: index + 1)
        guard index < open.count else {
            unsupported = true  // a container used after its encoder finished
            return
        }
        if open[index].count > 0 { writer.write(raw: UInt8(ascii: ",")) }
        open[index].count += 1
    }

    func beginMember(of index: Int, key: some CodingKey) {
        beginElement(of: index)
        writer.write(key.stringValue)
        writer.write(raw: UInt8(ascii: ":"))
    }

    /// Opens a container; returns its index.
    func openContainer(isObject: Bool) -> Int {
        writer.write(raw: isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        open.append(Frame(isObject: isObject, count: 0))
        return open.count - 1
    }

    func encodeValue<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        // Type comparisons, not casts: a metadata compare each, cheap even unspecialized.
        if T.self == String.self {
            writer.write(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            writer.write(Int64(unsafeBitCast(value, to: Int.self)))
        } else if T.self == Int64.self {
            writer.write(unsafeBitCast(value, to: Int64.self))
        } else if T.self == Bool.self {
            writer.write(unsafeBitCast(value, to: Bool.self))
        } else if T.self == Double.self {
            try writer.write(unsafeBitCast(value, to: Double.self))
        } else if T.self == JSONValue.self {
            try writer.write(unsafeBitCast(value, to: JSONValue.self))
        } else if T.self == URL.self {
            writer.write((value as! URL).absoluteString)
        } else if T.self == Data.self {
            writer.write((value as! Data).base64EncodedString())
        } else {
            let slot = SlotEncoder(state: self, codingPath: codingPath)
            try value.encode(to: slot)
            close(downTo: slot.depth)
            if !slot.wroteAnything { writer.write(raw: "{}") }
        }
    }

    func write(_ value: Float) throws {
        guard value.isFinite else { throw JSONWriter.NonFinite() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        writer.bytes.append(contentsOf: text.utf8)
    }
}

/// The `Encoder` of one value: it writes at ``depth`` (the number of containers open around it).
private final class SlotEncoder: Encoder {
    let state: StreamState
    let codingPath: [any CodingKey]
    let depth: Int
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// The container this value opened, if any.
    var containerIndex: Int?
    var containerIsObject = false
    var wroteAnything = false

    init(state: StreamState, codingPath: [any CodingKey]) {
        self.state = state
        self.codingPath = codingPath
        self.depth = state.open.count
    }

    private func container(isObject: Bool) -> Int {
        if let containerIndex {
            if containerIsObject != isObject || containerIndex >= state.open.count { state.unsupported = true }
            return containerIndex
        }
        if wroteAnything { state.unsupported = true }
        wroteAnything = true
        state.close(downTo: depth)
        let index = state.openContainer(isObject: isObject)
        containerIndex = index
        containerIsObject = isObject
        return index
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(
            KeyedContainer<Key>(state: state, index: container(isObject: true), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(state: state, index: container(isObject: false), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(slot: self) }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let slot: SlotEncoder
    var codingPath: [any CodingKey] { slot.codingPath }
    var state: StreamState { slot.state }

    private func begin() {
        if slot.wroteAnything { state.unsupported = true }
        slot.wroteAnything = true
    }

    func encodeNil() throws {
        begin()
        state.writer.writeNull()
    }
    func encode(_ value: Bool) throws {
        begin()
        state.writer.write(value)
    }
    func encode(_ value: String) throws {
        begin()
        state.writer.write(value)
    }
    func encode(_ value: Double) throws {
        begin()
        try state.writer.write(value)
    }
    func encode(_ value: Float) throws {
        begin()
        try state.write(value)
    }
    func encode(_ value: Int) throws { try integer(Int64(value)) }
    func encode(_ value: Int8) throws { try integer(Int64(value)) }
    func encode(_ value: Int16) throws { try integer(Int64(value)) }
    func encode(_ value: Int32) throws { try integer(Int64(value)) }
    func encode(_ value: Int64) throws { try integer(value) }
    func encode(_ value: UInt) throws { try unsigned(UInt64(value)) }
    func encode(_ value: UInt8) throws { try integer(Int64(value)) }
    func encode(_ value: UInt16) throws { try integer(Int64(value)) }
    func encode(_ value: UInt32) throws { try integer(Int64(value)) }
    func encode(_ value: UInt64) throws { try unsigned(value) }
    func encode<T: Encodable>(_ value: T) throws {
        begin()
        try state.encodeValue(value, codingPath: codingPath)
    }

    private func integer(_ value: Int64) throws {
        begin()
        state.writer.write(value)
    }
    private func unsigned(_ value: UInt64) throws {
        begin()
        state.writer.write(value)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: StreamState
    let index: Int
    let codingPath: [any CodingKey]

    func encodeNil(forKey key: Key) throws {
        state.beginMember(of: index, key: key)
        state.writer.writeNull()
    }
    func encode(_ value: Bool, forKey key: Key) throws {
        state.beginMember(of: index, key: key)
        state.writer.write(value)
    }
    func encode(_ value: String, forKey key: Key) throws {
        state.beginMember(of: index, key: key)
        state.writer.write(value)
    }
    func encode(_ value: Double, forKey key: Key) throws {
        state.beginMember(of: index, key: key)
        try state.writer.write(value)
    }
    func encode(_ value: Float, forKey key: Key) throws {
        state.beginMember(of: index, key: key)
        try state.write(value)
    }
    func encode(_ value: Int, forKey key: Key) throws { integer(Int64(value), key) }
    func encode(_ value: Int8, forKey key: Key) throws { integer(Int64(value), key) }
    func encode(_ value: Int16, forKey key: Key) throws { integer(Int64(value), key) }
    func encode(_ value: Int32, forKey key: Key) throws { integer(Int64(value), key) }
    func encode(_ value: Int64, forKey key: Key) throws { integer(value, key) }
    func encode(_ value: UInt, forKey key: Key) throws { unsigned(UInt64(value), key) }
    func encode(_ value: UInt8, forKey key: Key) throws { integer(Int64(value), key) }
    func encode(_ value: UInt16, forKey key: Key) throws { integer(Int64(value), key) }
    func encode(_ value: UInt32, forKey key: Key) throws { integer(Int64(value), key) }
    func encode(_ value: UInt64, forKey key: Key) throws { unsigned(value, key) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        state.beginMember(of: index, key: key)
        try state.encodeValue(value, codingPath: codingPath + [key])
    }

    private func integer(_ value: Int64, _ key: Key) {
        state.beginMember(of: index, key: key)
        state.writer.write(value)
    }
    private func unsigned(_ value: UInt64, _ key: Key) {
        state.beginMember(of: index, key: key)
        state.writer.write(value)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    )
        -> KeyedEncodingContainer<NestedKey>
    {
        state.beginMember(of: index, key: key)
        return KeyedEncodingContainer(
            KeyedContainer<NestedKey>(
                state: state, index: state.openContainer(isObject: true), codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        state.beginMember(of: index, key: key)
        return UnkeyedContainer(
            state: state, index: state.openContainer(isObject: false), codingPath: codingPath + [key])
    }

    func superEncoder() -> any Encoder {
        state.unsupported = true
        return SlotEncoder(state: state, codingPath: codingPath)
    }

    func superEncoder(forKey key: Key) -> any Encoder {
        state.unsupported = true
        return SlotEncoder(state: state, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let state: StreamState
    let index: Int
    let codingPath: [any CodingKey]

    var count: Int { index < state.open.count ? state.open[index].count : 0 }

    private func begin() { state.beginElement(of: index) }

    func encodeNil() throws {
        begin()
        state.writer.writeNull()
    }
    func encode(_ value: Bool) throws {
        begin()
        state.writer.write(value)
    }
    func encode(_ value: String) throws {
        begin()
        state.writer.write(value)
    }
    func encode(_ value: Double) throws {
        begin()
        try state.writer.write(value)
    }
    func encode(_ value: Float) throws {
        begin()
        try state.write(value)
    }
    func encode(_ value: Int) throws { integer(Int64(value)) }
    func encode(_ value: Int8) throws { integer(Int64(value)) }
    func encode(_ value: Int16) throws { integer(Int64(value)) }
    func encode(_ value: Int32) throws { integer(Int64(value)) }
    func encode(_ value: Int64) throws { integer(value) }
    func encode(_ value: UInt) throws { unsigned(UInt64(value)) }
    func encode(_ value: UInt8) throws { integer(Int64(value)) }
    func encode(_ value: UInt16) throws { integer(Int64(value)) }
    func encode(_ value: UInt32) throws { integer(Int64(value)) }
    func encode(_ value: UInt64) throws { unsigned(value) }
    func encode<T: Encodable>(_ value: T) throws {
        begin()
        try state.encodeValue(value, codingPath: codingPath)
    }

    private func integer(_ value: Int64) {
        begin()
        state.writer.write(value)
    }
    private func unsigned(_ value: UInt64) {
        begin()
        state.writer.write(value)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        begin()
        return KeyedEncodingContainer(
            KeyedContainer<NestedKey>(state: state, index: state.openContainer(isObject: true), codingPath: codingPath))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        begin()
        return UnkeyedContainer(state: state, index: state.openContainer(isObject: false), codingPath: codingPath)
    }

    func superEncoder() -> any Encoder {
        state.unsupported = true
        return SlotEncoder(state: state, codingPath: codingPath)
    }
}
