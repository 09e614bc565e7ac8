import Foundation
import NIOCore
import NIOFoundationCompat

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
    public init(parsing bytes: some DataProtocol) throws {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
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
/// The parameters are encoded once, straight from the handler's `Encodable` value, and spliced
/// into the envelope, which saves the detour through ``JSONValue`` on the hot path and lets us
/// check that they form a JSON object.
enum VarlinkReplyEncoder {
    /// A successful reply, with `continues: true` when `continues`.
    ///
    /// - Throws: `EncodingError`, or ``VarlinkProtocolError/parametersNotAnObject``.
    static func encode(parameters: any Encodable, continues: Bool = false) throws -> ByteBuffer {
        let body = try JSONEncoder().encode(parameters)
        guard body.first == UInt8(ascii: "{") else { throw VarlinkProtocolError.parametersNotAnObject }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(body.count + 32)
        buffer.writeStaticString(#"{"parameters":"#)
        buffer.writeBytes(body)
        if continues { buffer.writeStaticString(#","continues":true"#) }
        buffer.writeStaticString("}\0")
        return buffer
    }

    /// An error reply.
    static func encode(_ error: VarlinkError) -> ByteBuffer {
        let encoder = JSONEncoder()
        // A String and a `[String: JSONValue]` always encode (JSONValue holds no non-finite
        // doubles that came from JSON); the fallback only satisfies the type checker.
        let name =
            (try? encoder.encode(error.name)) ?? Data(#""org.varlink.service.InvalidParameter""#.utf8)
        let parameters = (try? encoder.encode(error.parameters)) ?? Data("{}".utf8)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(name.count + parameters.count + 32)
        buffer.writeStaticString(#"{"error":"#)
        buffer.writeBytes(name)
        buffer.writeStaticString(#","parameters":"#)
        buffer.writeBytes(parameters)
        buffer.writeStaticString("}\0")
        return buffer
    }
}
