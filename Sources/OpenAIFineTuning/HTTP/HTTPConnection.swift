import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 client connection (TCP, with TLS for https): one exchange at a time.
///
/// Contract:
/// - `exchange` sends one request and returns the whole answer with whether the connection may
///   carry another request; it never returns before the answer's end, and any failure closes
///   the connection.
/// - The deadline bounds the whole exchange (writing the body included): when it passes, the
///   exchange fails with `.deadlineExceeded` and the connection is closed.
/// - A body stream that writes more or fewer bytes than its declared length fails the exchange.
final class HTTPConnection: Sendable {
    let endpoint: HTTPEndpoint
    private let channel: any Channel
    private let collector: NIOLoopBound<HTTPResponseCollector>

    private init(endpoint: HTTPEndpoint, channel: any Channel, collector: NIOLoopBound<HTTPResponseCollector>) {
        self.endpoint = endpoint
        self.channel = channel
        self.collector = collector
    }

    /// Opens a connection to `endpoint`; with `tls`, the handshake starts at once and sends the
    /// host name (SNI) and verifies the certificate against it.
    static func connect(
        to endpoint: HTTPEndpoint, tls: NIOSSLContext?, group: any EventLoopGroup, timeout: TimeAmount
    ) async throws -> HTTPConnection {
        let hostName = endpoint.isIPAddress ? nil : endpoint.host
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let tls {
                        try operations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: hostName))
                    }
                    try operations.addHTTPClientHandlers()
                    try operations.addHandler(HTTPResponseCollector())
                }
            }
        let channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        let collector = try await channel.eventLoop.submit {
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: HTTPResponseCollector.self),
                eventLoop: channel.eventLoop)
        }.get()
        return HTTPConnection(endpoint: endpoint, channel: channel, collector: collector)
    }

    /// Whether the connection is still open (a server may close an idle one at any time).
    var isActive: Bool { channel.isActive }

    /// Sends `head` and `body`, then collects the answer's body up to `limit` bytes.
    func exchange(
        head: HTTPRequestHead, body: HTTPRequestBody, limit: Int, deadline: NIODeadline
    ) async throws(HTTPTransportError) -> HTTPResponseCollector.Answer {
        let eventLoop = channel.eventLoop
        let promise = eventLoop.makePromise(of: HTTPResponseCollector.Answer.self)
        let collector = collector
        eventLoop.execute {
            collector.value.expect(limit: limit, promise: promise)
            let timer = eventLoop.scheduleTask(deadline: deadline) {
                collector.value.fail(HTTPTransportError(.deadlineExceeded, "no whole answer in time"))
            }
            promise.futureResult.whenComplete { _ in timer.cancel() }
        }
        do {
            try await write(head: head, body: body)
        } catch {
            // The exchange is over; an answer that came already (a 413 before the whole upload,
            // a timeout) says more than the write's own error.
            let failure = HTTPResponseCollector.classify(error, answerStarted: true)
            eventLoop.execute { collector.value.fail(failure) }
        }
        do {
            return try await promise.futureResult.get()
        } catch {
            throw HTTPResponseCollector.classify(error, answerStarted: true)
        }
    }

    /// Fails the current exchange as cancelled and closes the connection.
    func cancel() {
        let collector = collector
        channel.eventLoop.execute { collector.value.fail(HTTPTransportError(.cancelled, "cancelled")) }
    }

    /// Closes the connection; an exchange in flight fails.
    func close() {
        channel.close(promise: nil)
    }

    private func write(head: HTTPRequestHead, body: HTTPRequestBody) async throws {
        let channel = channel
        switch body {
        case .none:
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
        case .bytes(let buffer):
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
        case .stream(let length, let writer):
            try await channel.writeAndFlush(HTTPClientRequestPart.head(head)).get()
            var written: Int64 = 0
            try await writer { chunk in
                written += Int64(chunk.readableBytes)
                guard written <= length else {
                    throw HTTPTransportError(.connectionLost, "the body stream exceeds its length \(length)")
                }
                try await channel.writeAndFlush(HTTPClientRequestPart.body(.byteBuffer(chunk))).get()
            }
            guard written == length else {
                throw HTTPTransportError(
                    .connectionLost, "the body stream wrote \(written) bytes, not its length \(length)")
            }
        }
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
    }
}

extension HTTPEndpoint {
    /// Whether the host is an IP address literal (no SNI is sent for one).
    var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: host, port: port)) != nil
    }
}
