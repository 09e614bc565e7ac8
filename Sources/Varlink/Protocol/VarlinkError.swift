/// A Varlink error: the fully qualified error name and its parameters.
///
/// Handlers throw it to answer a call with an error reply; ``VarlinkClient`` throws it when the
/// service answers with one. Any other error a handler throws is logged by the server and
/// answered with ``VarlinkServerConfiguration/internalError``, so that no internal detail
/// (a path, a SQL statement, a secret) leaks to a client.
public struct VarlinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The fully qualified error name, e.g. `org.varlink.service.InvalidParameter`.
    public var name: String
    /// The error's parameters, as declared by its `error` definition in the interface.
    public var parameters: [String: JSONValue]

    public init(name: String, parameters: [String: JSONValue] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    /// An error whose parameters are the JSON object an `Encodable` value encodes to.
    ///
    /// - Throws: `EncodingError`, or ``VarlinkProtocolError/parametersNotAnObject`` when the value
    ///   does not encode to a JSON object.
    public init(name: String, encoding parameters: some Encodable) throws {
        guard let members = try JSONValue(encoding: parameters).objectValue else {
            throw VarlinkProtocolError.parametersNotAnObject
        }
        self.init(name: name, parameters: members)
    }

    /// Decodes the parameters into a caller's `Decodable` type.
    public func decodeParameters<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValue.object(parameters).decode(type)
    }

    public var description: String {
        parameters.isEmpty ? name : "\(name) \(JSONValue.object(parameters).compactText)"
    }
}
