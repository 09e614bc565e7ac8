import Logging

/// A call as a handler receives it: already checked against the interface description, so every
/// declared non-optional parameter is present with its declared type and nothing else is there.
public struct VarlinkCall: Sendable {
    /// The fully qualified method name, `interface.Method`.
    public var method: String
    /// The validated parameters.
    public var parameters: [String: JSONValue]
    /// The caller accepts several replies (see ``VarlinkReplyStream``).
    public var more: Bool
    /// The caller wants no reply; whatever the handler returns is dropped.
    public var oneway: Bool
    /// Who called, on which connection.
    public var connection: VarlinkConnectionInfo
    /// A logger carrying the connection's metadata and the method (`varlink.method`); handlers
    /// should log through it. The method is added when the logger is asked for, not per call:
    /// with some log handlers setting metadata costs a re-rendering of all of it.
    public var logger: Logger {
        get {
            var logger = connectionLogger
            logger[metadataKey: "varlink.method"] = .string(method)
            return logger
        }
        set { connectionLogger = newValue }
    }
    private var connectionLogger: Logger
    /// The file descriptors that came with the call (always empty on a method that takes none);
    /// parameters refer to them by index. See ``VarlinkDescriptors`` for who closes them.
    public var descriptors: VarlinkDescriptors

    public init(
        method: String, parameters: [String: JSONValue], more: Bool = false, oneway: Bool = false,
        connection: VarlinkConnectionInfo, logger: Logger, descriptors: VarlinkDescriptors = .none
    ) {
        self.descriptors = descriptors
        self.method = method
        self.parameters = parameters
        self.more = more
        self.oneway = oneway
        self.connection = connection
        self.connectionLogger = logger
    }

    /// Decodes the parameters into the handler's own `Decodable` type.
    ///
    /// - Throws: ``VarlinkError/invalidParameter(_:)`` naming the first field the type could not
    ///   read, so a handler can `try` it and let the error go back to the caller as is.
    public func decodeParameters<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        do {
            return try JSONValueDecoder().decode(type, from: .object(parameters))
        } catch let error as DecodingError {
            throw VarlinkError.invalidParameter(error.firstFieldName ?? "")
        }
    }
}

/// The connection a call arrived on.
public struct VarlinkConnectionInfo: Sendable, Hashable {
    /// A number unique among this server's connections, for logs.
    public var id: Int
    /// The peer's credentials, or `nil` when the kernel did not report them.
    public var peer: PeerCredentials?

    public init(id: Int, peer: PeerCredentials?) {
        self.id = id
        self.peer = peer
    }
}

extension DecodingError {
    /// The top-level field a decoding error is about, if it names one.
    var firstFieldName: String? {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            return nil
        }
        return path.first?.stringValue
    }
}
