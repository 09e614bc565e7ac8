/// A successful reply's parameters, from any `Encodable` value that encodes to a JSON object.
///
/// The value is encoded once, straight to the wire, when the reply is sent. A value that does
/// not encode to an object (an array, a number) makes the server log an error and answer with
/// ``VarlinkServerConfiguration/internalError`` instead.
public struct VarlinkReply: Sendable {
    let parameters: any Encodable & Sendable

    /// A reply whose parameters are the JSON object `parameters` encodes to.
    public init(_ parameters: some Encodable & Sendable) {
        self.parameters = parameters
    }

    /// A reply with the given parameters.
    public init(parameters: [String: JSONValue]) {
        self.parameters = parameters
    }

    /// A reply without parameters (`{"parameters": {}}`).
    public static let empty = VarlinkReply(parameters: [:])
}
