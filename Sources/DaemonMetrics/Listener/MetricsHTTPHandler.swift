import NIOCore
import NIOHTTP1
import NIOPosix

/// Answers one HTTP/1 connection: `GET /metrics` (or `HEAD`) with the exposition, anything else
/// with 404 or 405. The exposition is rendered on NIO's thread pool, because filling it reads the
/// store, which must not block an event loop. Each answer closes the connection.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The Prometheus text format's content type.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let render: @Sendable () -> [UInt8]
    private var head: HTTPRequestHead?

    init(render: @escaping @Sendable () -> [UInt8]) { self.render = render }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard path == "/metrics" else {
            send(.notFound, body: Array("Not found: the metrics are at /metrics\n".utf8), head: head, context: context)
            return
        }
        guard head.method == .GET || head.method == .HEAD else {
            send(
                .methodNotAllowed, body: Array("Only GET and HEAD\n".utf8), head: head, context: context,
                extra: [("allow", "GET, HEAD")])
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let render = self.render
        NIOThreadPool.singleton.runIfActive(eventLoop: context.eventLoop) { render() }.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let body):
                handler.send(.ok, body: body, head: head, context: context, contentType: Self.contentType)
            case .failure:
                handler.send(.serviceUnavailable, body: Array("shutting down\n".utf8), head: head, context: context)
            }
        }
    }

    private func send(
        _ status: HTTPResponseStatus, body: [UInt8], head: HTTPRequestHead, context: ChannelHandlerContext,
        contentType: String = "text/plain; charset=utf-8", extra: [(String, String)] = []
    ) {
        var headers = HTTPHeaders([
            ("content-type", contentType), ("content-length", String(body.count)), ("connection", "close"),
        ])
        headers.add(contentsOf: extra)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        if head.method != .HEAD {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
            channel.close(promise: nil)
        }
    }
}
