import NIOCore

/// One call on its way out, with where its replies go.
struct VarlinkClientRequest: Sendable {
    enum ReplySink: Sendable {
        /// No reply expected (`oneway`).
        case none
        /// Exactly one reply.
        case single(EventLoopPromise<VarlinkReplyMessage>)
        /// Replies until one without `continues`.
        case stream(AsyncThrowingStream<[String: JSONValue], any Error>.Continuation)
    }

    var message: ByteBuffer
    var sink: ReplySink
}

/// Matches replies to calls on a client connection: Varlink answers calls in order, so replies
/// go to the oldest call still waiting, which stops waiting at its first reply without
/// `continues` (or its error). Anything that breaks this (an unparsable reply, a reply with no
/// call waiting) fails every waiting call and closes the connection.
///
/// An error reply that comes before any call (a server refusing the connection, such as
/// `TooManyConnections`) is the server's reason for closing: it is kept, and every call on the
/// connection then fails with it rather than with ``VarlinkProtocolError/connectionClosed``.
final class VarlinkClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = VarlinkClientRequest
    typealias OutboundOut = ByteBuffer

    private var waiting = CircularBuffer<VarlinkClientRequest.ReplySink>()
    private var closed = false
    /// The error the server sent before any call: why it closed the connection.
    private let refusal: VarlinkClientRefusal
    private var closedError: any Error { refusal.error ?? VarlinkProtocolError.connectionClosed }

    /// - Parameter alreadySent: calls written on the socket before this handler was added (a
    ///   call that carried descriptors), oldest first.
    init(refusal: VarlinkClientRefusal = VarlinkClientRefusal(), alreadySent: [VarlinkClientRequest.ReplySink] = []) {
        self.refusal = refusal
        self.waiting.append(contentsOf: alreadySent)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard !closed else {
            fail(request.sink, with: closedError)
            promise?.fail(closedError)
            return
        }
        if case .none = request.sink {} else { waiting.append(request.sink) }
        context.write(wrapOutboundOut(request.message), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply: VarlinkReplyMessage
        do {
            reply = try VarlinkReplyMessage(parsing: unwrapInboundIn(data).readableBytesView)
        } catch {
            failAll(with: error, context: context)
            return
        }
        guard let head = waiting.first else {
            if let error = reply.varlinkError {
                refusal.record(error)
                failAll(with: error, context: context)
                return
            }
            failAll(with: VarlinkProtocolError.unexpectedReply, context: context)
            return
        }
        switch head {
        case .none:
            break
        case .single(let promise):
            waiting.removeFirst()
            if let error = reply.varlinkError {
                promise.fail(error)
            } else if reply.continues {
                // `continues` on a call made without `more` breaks the protocol.
                promise.fail(VarlinkProtocolError.invalidField("continues"))
                failAll(with: VarlinkProtocolError.invalidField("continues"), context: context)
            } else {
                promise.succeed(reply)
            }
        case .stream(let continuation):
            if let error = reply.varlinkError {
                waiting.removeFirst()
                continuation.finish(throwing: error)
            } else {
                continuation.yield(reply.parameters)
                if !reply.continues {
                    waiting.removeFirst()
                    continuation.finish()
                }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(with: error, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        let remaining = waiting
        waiting.removeAll()
        for sink in remaining { fail(sink, with: closedError) }
        context.fireChannelInactive()
    }

    private func failAll(with error: any Error, context: ChannelHandlerContext) {
        closed = true
        let remaining = waiting
        waiting.removeAll()
        for sink in remaining { fail(sink, with: error) }
        context.close(promise: nil)
    }

    private func fail(_ sink: VarlinkClientRequest.ReplySink, with error: any Error) {
        switch sink {
        case .none: break
        case .single(let promise): promise.fail(error)
        case .stream(let continuation): continuation.finish(throwing: error)
        }
    }
}
