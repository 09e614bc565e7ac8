import NIOCore

/// The connection side a call's task talks to: where its replies go.
protocol VarlinkConnectionSink: Sendable {
    /// Writes a reply that is not the last; returns once the client keeps up.
    func send(_ reply: ByteBuffer) async throws
    /// Ends the running call (see ``VarlinkConnectionOutput/finish(lastReply:closeConnection:)``).
    func finish(lastReply: ByteBuffer?, closeConnection: Bool)
}

/// How a call's task hands replies to its connection.
struct VarlinkConnectionOutput: Sendable {
    private let sink: any VarlinkConnectionSink

    init(sink: any VarlinkConnectionSink) {
        self.sink = sink
    }

    /// Writes a reply that is not the last; returns once the client keeps up (the connection's
    /// outbound buffer is below its high-water mark), so streaming producers are paced by the reader.
    ///
    /// - Throws: ``VarlinkProtocolError/connectionClosed`` when the connection is gone.
    func send(_ reply: ByteBuffer) async throws {
        try await sink.send(reply)
    }

    /// Ends the running call: writes its last reply (if any) and lets the connection go on with
    /// the next call, or closes it when `closeConnection`.
    func finish(lastReply: ByteBuffer?, closeConnection: Bool) {
        sink.finish(lastReply: lastReply, closeConnection: closeConnection)
    }
}
