@_exported import JSON
@_exported import struct Varlink.VarlinkError
@_exported import enum Varlink.VarlinkProtocolError
import Varlink

/// The typed async client of finetuned's control interfaces, over a ``VarlinkClient``: what
/// `finetunectl` uses for every call, so that its commands know method names
/// (``ControlMethod``), parameter and reply types, and typed errors (``ControlError``), but not
/// Varlink.
///
/// Contracts:
/// - Parameters are the method's request type (``ControlRequestValue``), which names its
///   method; replies come back as the raw object (for `--json`, which prints what came,
///   unknown fields included) or decoded into a `Decodable` type.
/// - An error the daemon answered is thrown as the `VarlinkError` it sent; ``ControlError/decode(_:)``
///   reads it as a type. A connection that breaks throws ``VarlinkProtocolError``.
/// - One call at a time per connection is what the daemon serves; concurrent calls queue there.
public struct ControlClient: Sendable {
    private let connection: VarlinkClient
    /// The socket this client is connected to.
    public let socketPath: String

    public init(connection: VarlinkClient, socketPath: String) {
        self.connection = connection
        self.socketPath = socketPath
    }

    /// Connects to the daemon's control socket.
    ///
    /// - Throws: the transport's error when nothing listens or access is refused.
    public static func connect(to path: String) async throws -> ControlClient {
        ControlClient(connection: try await VarlinkClient.connect(to: path), socketPath: path)
    }

    /// Closes the connection.
    public func close() async { await connection.close() }

    /// Calls the request's method and returns the reply's parameters as they came.
    public func call<Request: ControlRequestValue>(_ request: Request) async throws -> [String: JSONValue] {
        try await connection.call(Request.method, parameters: Self.object(request))
    }

    /// Calls the request's method and decodes the reply as `Reply`.
    public func call<Request: ControlRequestValue, Reply: Decodable>(
        _ request: Request, as reply: Reply.Type
    ) async throws -> Reply {
        try JSONValue.object(try await call(request)).decode(reply)
    }

    /// Calls the request's method with `more` and yields every reply's parameters as they came.
    public func callMore<Request: ControlRequestValue>(
        _ request: Request
    ) throws
        -> AsyncThrowingStream<[String: JSONValue], any Error>
    {
        connection.callMore(Request.method, parameters: try Self.object(request))
    }

    /// Calls the request's method with `more`, passing `descriptors` as SCM_RIGHTS with the
    /// call, on a connection of its own (see
    /// ``VarlinkClient/connect(to:callingMore:parameters:descriptors:)``); `close` ends that
    /// connection.
    public static func callMore<Request: ControlRequestValue>(
        socketPath: String, _ request: Request, descriptors: [Int32]
    ) async throws -> (replies: AsyncThrowingStream<[String: JSONValue], any Error>, close: @Sendable () async -> Void)
    {
        let (client, replies) = try await VarlinkClient.connect(
            to: socketPath, callingMore: Request.method, parameters: object(request), descriptors: descriptors)
        return (replies, { await client.close() })
    }

    /// `Jobs.Get`: the job as the daemon has it.
    public func job(_ id: String) async throws -> Wire.Job {
        try await call(ControlRequest.Jobs.Get(id: id), as: Wire.JobReply.self).job
    }

    private static func object(_ parameters: some Encodable) throws -> [String: JSONValue] {
        guard let members = try JSONValue(encoding: parameters).objectValue else {
            throw VarlinkProtocolError.parametersNotAnObject
        }
        return members
    }
}
