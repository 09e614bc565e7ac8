import NIOCore
import NIOHTTP1
import NIOSSL

/// The last handler of a client connection's pipeline: collects one answer per exchange and
/// completes the exchange's promise exactly once.
///
/// Contract (all on the channel's event loop):
/// - `expect` arms the handler for one answer; the promise succeeds with the answer and whether
///   the server keeps the connection open, or fails with an `HTTPTransportError`.
/// - A body beyond the limit fails the exchange (`.responseTooLarge`), as does a `Content-Length`
///   announcing one; a connection that ends before the answer is whole fails it
///   (`.connectionLost`), and so do errors of the parser (`.malformedResponse`) and of TLS
///   (`.tls`). Every failure closes the connection, so it is never reused.
/// - An error that arrives while nothing is expected is kept and fails the next `expect`.
final class HTTPResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias Answer = (response: HTTPResponse, keepAlive: Bool)

    private var promise: EventLoopPromise<Answer>?
    private var limit = 0
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    /// Whether any byte of the current answer arrived (a reused connection found closed before
    /// one did may be retried on a fresh connection).
    private var answerStarted = false
    private var earlierError: HTTPTransportError?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func expect(limit: Int, promise: EventLoopPromise<Answer>) {
        self.promise = promise
        self.limit = limit
        head = nil
        body.clear()
        answerStarted = false
        if var earlierError {
            // It broke while idle: nothing of this exchange's answer came.
            earlierError.beforeAnswer = earlierError.kind == .connectionLost
            fail(earlierError)
        } else if context?.channel.isActive != true {
            fail(Self.closed(answerStarted: false))
        }
    }

    /// Fails the current exchange (if any) with `error` and closes the connection.
    func fail(_ error: HTTPTransportError) {
        if let promise {
            self.promise = nil
            promise.fail(error)
        } else if earlierError == nil {
            earlierError = error
        }
        context?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard promise != nil else {
            fail(HTTPTransportError(.malformedResponse, "the server sent bytes no request asked for"))
            return
        }
        answerStarted = true
        switch part {
        case .head(let received):
            // Informational answers (100 Continue, 103 Early Hints) precede the real one.
            if (100..<200).contains(received.status.code) && received.status != .switchingProtocols { return }
            head = received
            if let length = received.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                fail(HTTPTransportError(.responseTooLarge, "the answer announces \(length) bytes, over \(limit)"))
            }
        case .body(let chunk):
            guard head != nil else { return }
            if body.readableBytes + chunk.readableBytes > limit {
                fail(HTTPTransportError(.responseTooLarge, "the answer's body exceeds \(limit) bytes"))
                return
            }
            body.writeImmutableBuffer(chunk)
        case .end:
            guard let head, let promise else { return }
            self.promise = nil
            self.head = nil
            answerStarted = false
            let response = HTTPResponse(status: head.status, headers: head.headers, body: body)
            body = ByteBuffer()
            promise.succeed((response, head.isKeepAlive))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.classify(error, answerStarted: answerStarted))
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(Self.closed(answerStarted: answerStarted))
        context.fireChannelInactive()
    }

    private static func closed(answerStarted: Bool) -> HTTPTransportError {
        var error = HTTPTransportError(
            .connectionLost,
            answerStarted ? "the connection closed before the answer was whole" : "the connection closed")
        error.beforeAnswer = !answerStarted
        return error
    }

    /// The kind of a pipeline error.
    static func classify(_ error: any Error, answerStarted: Bool) -> HTTPTransportError {
        if let transport = error as? HTTPTransportError { return transport }
        if let parser = error as? HTTPParserError {
            // The connection ended where an answer (or the rest of one) was due.
            if parser == .invalidEOFState { return closed(answerStarted: answerStarted) }
            return HTTPTransportError(.malformedResponse, "the answer is not valid HTTP/1.1: \(parser)")
        }
        if let tls = error as? NIOSSLError {
            if case .uncleanShutdown = tls { return closed(answerStarted: answerStarted) }
            return HTTPTransportError(.tls, "TLS failed: \(tls)")
        }
        if error is BoringSSLError || error is NIOSSLExtraError {
            return HTTPTransportError(.tls, "TLS failed: \(error)")
        }
        if let io = error as? IOError {
            var lost = HTTPTransportError(.connectionLost, "the connection broke: \(io.description)")
            lost.beforeAnswer = !answerStarted
            return lost
        }
        return HTTPTransportError(.connectionLost, "the connection failed: \(error)")
    }
}
