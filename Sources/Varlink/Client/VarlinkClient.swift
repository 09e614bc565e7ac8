#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import NIOCore
import NIOPosix
import Synchronization

/// A connection to a Varlink service on a Unix socket.
///
/// ```swift
/// let client = try await VarlinkClient.connect(to: "/run/finetuned/control")
/// let info = try await client.call("org.varlink.service.GetInfo")
/// let job = try await client.call("io.finetuned.Jobs.Get", GetJob(id: "ftjob-1"), returning: Job.self)
/// for try await update in client.callMore("io.finetuned.Jobs.Watch", parameters: ["id": "ftjob-1"]) { … }
/// await client.close()
/// ```
///
/// Calls may be made concurrently; they are pipelined on the one connection and each gets its
/// own replies. An error reply throws ``VarlinkError`` (name and parameters as sent);
/// a broken connection throws ``VarlinkProtocolError``.
public final class VarlinkClient: Sendable {
    private let channel: any Channel
    /// The error the service sent before any call (a refused connection), once it came.
    private let refusal: VarlinkClientRefusal

    init(channel: any Channel, refusal: VarlinkClientRefusal) {
        self.channel = channel
        self.refusal = refusal
    }

    /// Connects to the socket at `path`.
    ///
    /// - Parameter maximumMessageSize: replies longer than this fail the connection.
    public static func connect(
        to path: String, maximumMessageSize: Int = 16 << 20,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> VarlinkClient {
        let refusal = VarlinkClientRefusal()
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(NULFrameDecoder(maximumMessageSize: maximumMessageSize)))
                    try channel.pipeline.syncOperations.addHandler(VarlinkClientHandler(refusal: refusal))
                }
            }
            .connect(unixDomainSocketPath: path).get()
        return VarlinkClient(channel: channel, refusal: refusal)
    }

    /// Calls `method` and returns the reply's parameters.
    ///
    /// - Throws: ``VarlinkError`` for an error reply, ``VarlinkProtocolError`` when the
    ///   connection fails.
    public func call(
        _ method: String, parameters: [String: JSONValue] = [:]
    ) async throws -> [String:
        JSONValue]
    {
        let promise = channel.eventLoop.makePromise(of: VarlinkReplyMessage.self)
        let message = VarlinkCallMessage(method: method, parameters: parameters)
        do {
            try await send(message, sink: .single(promise))
        } catch {
            // The write never reached the handler (the channel was already closed).
            promise.fail(error)
            throw error
        }
        return try await promise.futureResult.get().parameters
    }

    /// Calls `method` with parameters from an `Encodable` value and decodes the reply.
    public func call<Reply: Decodable>(
        _ method: String, _ parameters: some Encodable, returning: Reply.Type = Reply.self
    ) async throws -> Reply {
        let reply = try await call(method, parameters: try Self.object(parameters))
        return try JSONValue.object(reply).decode(Reply.self)
    }

    /// Calls `method` with `more: true`; the stream yields every reply's parameters and ends after
    /// the last one (or throws the error reply).
    ///
    /// Ending the iteration early does not stop the service's stream (Varlink has no way to);
    /// the remaining replies are read and dropped. Close the client to stop it.
    public func callMore(
        _ method: String, parameters: [String: JSONValue] = [:]
    )
        -> AsyncThrowingStream<[String: JSONValue], any Error>
    {
        let (replies, continuation) = AsyncThrowingStream<[String: JSONValue], any Error>.makeStream()
        let message = VarlinkCallMessage(method: method, parameters: parameters, more: true)
        let channel = self.channel
        let written: EventLoopFuture<Void>
        do {
            written = channel.writeAndFlush(
                VarlinkClientRequest(message: try Self.frame(message), sink: .stream(continuation)))
        } catch {
            continuation.finish(throwing: error)
            written = channel.eventLoop.makeSucceededVoidFuture()
        }
        let refusal = self.refusal
        written.whenFailure { continuation.finish(throwing: Self.peerClosed($0, refusal: refusal)) }
        return replies
    }

    /// Calls `method` with `oneway: true`: no reply comes; returns once the call is written.
    public func oneway(_ method: String, parameters: [String: JSONValue] = [:]) async throws {
        try await send(
            VarlinkCallMessage(method: method, parameters: parameters, oneway: true), sink: .none)
    }

    /// Closes the connection; calls still waiting fail with ``VarlinkProtocolError/connectionClosed``.
    public func close() async {
        try? await channel.close()
    }

    private func send(
        _ message: VarlinkCallMessage, sink: VarlinkClientRequest.ReplySink
    )
        async throws
    {
        do {
            try await channel.writeAndFlush(
                VarlinkClientRequest(message: try Self.frame(message), sink: sink)
            ).get()
        } catch {
            throw Self.peerClosed(error, refusal: refusal)
        }
    }

    /// A write into a connection the service has closed (`EPIPE`, `ECONNRESET`, or a channel
    /// already closed) as the error the service gave for closing it, if it gave one, else as
    /// ``VarlinkProtocolError/connectionClosed``; other errors as they are.
    private static func peerClosed(_ error: any Error, refusal: VarlinkClientRefusal) -> any Error {
        let closed: Bool
        switch error {
        case let error as IOError: closed = error.errnoCode == EPIPE || error.errnoCode == ECONNRESET
        case let error as ChannelError: closed = error == .ioOnClosedChannel || error == .alreadyClosed
        case VarlinkProtocolError.connectionClosed: closed = true
        default: closed = false
        }
        guard closed else { return error }
        return refusal.error ?? VarlinkProtocolError.connectionClosed
    }

    static func frame(_ message: VarlinkCallMessage) throws -> ByteBuffer {
        var buffer = ByteBuffer(bytes: try message.encoded())
        buffer.writeInteger(UInt8(0))
        return buffer
    }

    private static func object(_ parameters: some Encodable) throws -> [String: JSONValue] {
        guard let members = try JSONValue(encoding: parameters).objectValue else {
            throw VarlinkProtocolError.parametersNotAnObject
        }
        return members
    }
}

/// The error a service sent before any call, shared by the client and its channel handler: a
/// call that finds the connection closed fails with it.
final class VarlinkClientRefusal: Sendable {
    private let value = Mutex<VarlinkError?>(nil)

    var error: VarlinkError? { value.withLock { $0 } }

    func record(_ error: VarlinkError) { value.withLock { $0 = error } }
}
