#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import NIOCore

/// A reply as it travels on the wire:
/// `{"parameters": {…}, "continues": true}` or `{"error": "iface.Name", "parameters": {…}}`.
public struct VarlinkReplyMessage: Sendable, Hashable {
    /// The reply's parameters (for an error reply: the error's parameters).
    public var parameters: [String: JSONValue]
    /// More replies to the same call follow this one.
    public var continues: Bool
    /// The fully qualified error name, for an error reply.
    public var error: String?

    public init(parameters: [String: JSONValue] = [:], continues: Bool = false, error: String? = nil) {
        self.parameters = parameters
        self.continues = continues
        self.error = error
    }

    /// The reply's error as a ``VarlinkError``, or `nil` for a successful reply.
    public var varlinkError: VarlinkError? {
        error.map { VarlinkError(name: $0, parameters: parameters) }
    }
}

extension VarlinkReplyMessage {
    /// Parses one reply (without its NUL terminator).
    ///
    /// - Throws: ``VarlinkProtocolError`` when the bytes are not a well-formed reply.
    public init<Bytes: Sequence<UInt8>>(parsing bytes: Bytes) throws {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw VarlinkProtocolError.invalidJSON
        }
        guard let members = value.objectValue else { throw VarlinkProtocolError.messageNotAnObject }
        var parameters: [String: JSONValue] = [:]
        switch members["parameters"] {
        case nil, .null?: break
        case .object(let given)?: parameters = given
        default: throw VarlinkProtocolError.parametersNotAnObject
        }
        var continues = false
        switch members["continues"] {
        case nil, .null?: break
        case .bool(let value)?: continues = value
        default: throw VarlinkProtocolError.invalidField("continues")
        }
        var error: String?
        switch members["error"] {
        case nil, .null?: break
        case .string(let name)?: error = name
        default: throw VarlinkProtocolError.invalidField("error")
        }
        if error != nil && continues { throw VarlinkProtocolError.invalidField("continues") }
        self.init(parameters: parameters, continues: continues, error: error)
    }
}

/// Encodes replies to their wire form: JSON followed by the NUL terminator.
///
/// The parameters are encoded once, straight from the handler's `Encodable` value into the
/// envelope (``JSONStreamEncoder``: no `JSONEncoder`, no detour through ``JSONValue``), or by
/// the value itself when it is ``VarlinkDirectParameters``, and checked to form a JSON object.
enum VarlinkReplyEncoder {
    /// A successful reply, with `continues: true` when `continues`.
    ///
    /// - Throws: `EncodingError`, ``JSONWriter/NonFinite``, or
    ///   ``VarlinkProtocolError/parametersNotAnObject``.
    static func encode(parameters: any Encodable, continues: Bool = false) throws -> ByteBuffer {
        var writer = JSONWriter(reservingCapacity: 512)
        writer.write(raw: #"{"parameters":"#)
        let start = writer.bytes.count
        if let direct = parameters as? any VarlinkDirectParameters {
            try direct.writeParameters(to: &writer)
        } else {
            try JSONStreamEncoder().encode(parameters, into: &writer)
        }
        guard writer.bytes.count > start, writer.bytes[start] == UInt8(ascii: "{") else {
            throw VarlinkProtocolError.parametersNotAnObject
        }
        if continues { writer.write(raw: #","continues":true"#) }
        writer.write(raw: "}\0")
        return ByteBuffer(bytes: writer.bytes)
    }

    /// An error reply.
    static func encode(_ error: VarlinkError) -> ByteBuffer {
        var writer = JSONWriter()
        writer.write(raw: #"{"error":"#)
        writer.write(error.name)
        writer.write(raw: #","parameters":"#)
        let start = writer.bytes.count
        // Parameters that came from JSON hold no non-finite double; should a handler put one
        // there, the error goes out without parameters rather than not at all.
        if (try? writer.write(error.parameters)) == nil {
            writer.bytes.removeSubrange(start...)
            writer.write(raw: "{}")
        }
        writer.write(raw: "}\0")
        return ByteBuffer(bytes: writer.bytes)
    }
}
