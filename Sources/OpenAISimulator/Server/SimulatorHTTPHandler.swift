import Dispatch
import NIOCore
import NIOHTTP1

/// Reads one HTTP request at a time (NIO's pipelining helper queues the next), hands it to the
/// core off the event loop, and carries out the outcome: an answer, a delay, a cut connection.
final class SimulatorHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: SimulatorCore
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false

    init(core: SimulatorCore) { self.core = core }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            tooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > core.configuration.maxBodyBytes {
                tooLarge = true
            } else if !tooLarge {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            if tooLarge {
                write(.error(413, "Request body too large."), keepAlive: false, context: context)
                return
            }
            let request = Self.request(head, body: Array(body.readableBytesView))
            let keepAlive = head.isKeepAlive
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            let core = self.core
            DispatchQueue.global().async {
                let outcome = core.handle(request)
                loop.execute {
                    let (handler, context) = bound.value
                    handler.carryOut(outcome, keepAlive: keepAlive, context: context)
                }
            }
        }
    }

    private func carryOut(_ outcome: SimOutcome, keepAlive: Bool, context: ChannelHandlerContext) {
        switch outcome {
        case .respond(let response):
            write(response, keepAlive: keepAlive, context: context)
        case .drop, .later:
            // `later` never reaches the transport (the core resolves it); closing is the safe answer.
            context.close(promise: nil)
        case .truncate(let response):
            let head = responseHead(response, keepAlive: false)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            let half = response.body.prefix(max(1, response.body.count / 2))
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: half)))))
                .whenComplete { _ in bound.value.close(promise: nil) }
        case .delay(let seconds, let inner):
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
                let (handler, context) = bound.value
                handler.carryOut(inner, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func write(_ response: SimResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(responseHead(response, keepAlive: keepAlive))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        if !keepAlive { done.whenComplete { _ in bound.value.close(promise: nil) } }
    }

    private func responseHead(_ response: SimResponse, keepAlive: Bool) -> HTTPResponseHead {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        headers.replaceOrAdd(name: "connection", value: keepAlive ? "keep-alive" : "close")
        return HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status),
            headers: headers)
    }

    static func request(_ head: HTTPRequestHead, body: [UInt8]) -> SimRequest {
        let uri = head.uri
        let path: Substring
        var query: [String: String] = [:]
        if let mark = uri.firstIndex(of: "?") {
            path = uri[..<mark]
            for pair in uri[uri.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                query[key] = value
            }
        } else {
            path = uri[...]
        }
        return SimRequest(
            method: head.method.rawValue, path: String(path), query: query,
            headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body)
    }
}
