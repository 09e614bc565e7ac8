#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A method call as it travels on the wire:
/// `{"method": "iface.Method", "parameters": {…}, "more": true, "oneway": true}`.
public struct VarlinkCallMessage: Sendable, Hashable {
    /// The fully qualified method name, `interface.Method`.
    public var method: String
    /// The call's parameters; a missing or `null` `parameters` field reads as an empty object.
    public var parameters: [String: JSONValue]
    /// The caller wants no reply.
    public var oneway: Bool
    /// The caller accepts several replies, all but the last with `continues: true`.
    public var more: Bool
    /// The caller asks to leave Varlink for another protocol on this connection (not supported
    /// by this module's server: such calls are answered with `MethodNotImplemented`).
    public var upgrade: Bool

    public init(
        method: String, parameters: [String: JSONValue] = [:], oneway: Bool = false, more: Bool = false,
        upgrade: Bool = false
    ) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
        self.more = more
        self.upgrade = upgrade
    }

    /// The interface part of ``method`` (everything before the last dot).
    public var interface: String {
        guard let dot = method.lastIndex(of: ".") else { return "" }
        return String(method[..<dot])
    }

    /// The method part of ``method`` (everything after the last dot).
    public var methodName: String {
        guard let dot = method.lastIndex(of: ".") else { return method }
        return String(method[method.index(after: dot)...])
    }
}

extension VarlinkCallMessage {
    /// Parses one message (without its NUL terminator).
    ///
    /// Unknown envelope fields are ignored, so that a newer client's extensions do not break us.
    /// - Throws: ``VarlinkProtocolError`` for anything that is not a well-formed call.
    public init<Bytes: Sequence<UInt8>>(parsing bytes: Bytes) throws {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw VarlinkProtocolError.invalidJSON
        }
        try self.init(message: value)
    }

    /// Reads a call from an already parsed message.
    public init(message: JSONValue) throws {
        guard let members = message.objectValue else { throw VarlinkProtocolError.messageNotAnObject }
        guard let method = members["method"]?.stringValue else {
            throw VarlinkProtocolError.invalidMethodName(members["method"]?.compactText ?? "")
        }
        guard let dot = method.lastIndex(of: "."), dot != method.startIndex,
            method.index(after: dot) != method.endIndex
        else {
            throw VarlinkProtocolError.invalidMethodName(method)
        }
        var parameters: [String: JSONValue] = [:]
        switch members["parameters"] {
        case nil, .null?: break
        case .object(let given)?: parameters = given
        default: throw VarlinkProtocolError.parametersNotAnObject
        }
        func flag(_ name: String) throws -> Bool {
            switch members[name] {
            case nil, .null?: return false
            case .bool(let value)?: return value
            default: throw VarlinkProtocolError.invalidField(name)
            }
        }
        self.init(
            method: method, parameters: parameters, oneway: try flag("oneway"), more: try flag("more"),
            upgrade: try flag("upgrade"))
    }

    /// The message as JSON (without the NUL terminator); flags that are `false` are omitted.
    public func encoded() throws -> Data {
        Data(try encodedBytes())
    }

    /// The message as JSON bytes (without the NUL terminator); flags that are `false` are omitted.
    public func encodedBytes() throws -> [UInt8] {
        var writer = JSONWriter()
        writer.write(raw: #"{"method":"#)
        writer.write(method)
        if !parameters.isEmpty {
            writer.write(raw: #","parameters":"#)
            try writer.write(parameters)
        }
        if oneway { writer.write(raw: #","oneway":true"#) }
        if more { writer.write(raw: #","more":true"#) }
        if upgrade { writer.write(raw: #","upgrade":true"#) }
        writer.write(raw: UInt8(ascii: "}"))
        return writer.bytes
    }
}
