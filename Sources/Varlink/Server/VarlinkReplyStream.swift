/// Where a streaming handler sends the replies before its last one.
///
/// Each ``send(_:)`` goes out at once with `continues: true`; the value the handler returns is the
/// last reply (without `continues`). `send` suspends while the client is not reading fast enough
/// (the connection's outbound buffer is above its high-water mark), so a producer can never
/// queue unbounded data for a slow client; if the client stays that slow for longer than the
/// slow-client timeout, the connection is closed and `send` throws.
public struct VarlinkReplyStream: Sendable {
    private let sendBody: @Sendable (VarlinkReply) async throws -> Void

    init(send: @escaping @Sendable (VarlinkReply) async throws -> Void) {
        self.sendBody = send
    }

    /// Sends one reply with `continues: true`.
    ///
    /// - Throws: ``VarlinkProtocolError/connectionClosed`` when the client went away (the handler
    ///   should stop), `CancellationError` when the server is shutting down.
    public func send(_ reply: VarlinkReply) async throws {
        try Task.checkCancellation()
        try await sendBody(reply)
    }

    /// Sends one reply with `continues: true` from any `Encodable` value.
    public func send(_ parameters: some Encodable & Sendable) async throws {
        try await send(VarlinkReply(parameters))
    }
}
