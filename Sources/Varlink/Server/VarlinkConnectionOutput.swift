import NIOCore

/// How a call's task hands replies to its connection's event loop.
///
/// Sendable: it holds only the event loop and a loop-bound reference to the handler, whose
/// methods it calls on that loop.
struct VarlinkConnectionOutput: Sendable {
    private let handler: NIOLoopBound<VarlinkServerConnectionHandler>

    init(handler: NIOLoopBound<VarlinkServerConnectionHandler>) {
        self.handler = handler
    }

    /// Writes a reply that is not the last; returns once the client keeps up (the channel is
    /// writable), so streaming producers are paced by the reader.
    ///
    /// - Throws: ``VarlinkProtocolError/connectionClosed`` when the connection is gone.
    func send(_ reply: ByteBuffer) async throws {
        let handler = self.handler
        try await handler.eventLoop.flatSubmit {
            handler.value.writeReply(reply)
        }.get()
    }

    /// Ends the running call: writes its last reply (if any) and lets the connection go on with
    /// the next call, or closes it when `closeConnection`.
    func finish(lastReply: ByteBuffer?, closeConnection: Bool) {
        let handler = self.handler
        handler.eventLoop.execute {
            handler.value.finishCall(lastReply: lastReply, closeConnection: closeConnection)
        }
    }
}
