import NIOCore
import NIOPosix
import Synchronization

/// A TCP server on loopback that answers each HTTP request with a script of raw steps: bytes,
/// pauses, a close, a reset. It breaks HTTP on purpose, which a real server would not.
///
/// Contract: a request is read whole (head, then `Content-Length` bytes) before the script runs;
/// requests are numbered per connection from 0; `connectionsAccepted` counts TCP connections.
final class ScriptedHTTPServer: Sendable {
    struct Request: Sendable {
        var connection: Int
        var indexOnConnection: Int
        var head: String
        var body: [UInt8]
    }

    enum Step: Sendable {
        case send(String)
        case sendBytes([UInt8])
        case pause(TimeAmount)
        /// Closes the connection (FIN).
        case close
        /// Resets the connection (RST: `SO_LINGER` 0, then close).
        case reset
    }

    typealias Script = @Sendable (Request) -> [Step]

    let port: Int
    private let channel: any Channel
    private let log: Log

    /// What the server saw, shared with its connections' handlers.
    final class Log: Sendable {
        let accepted = Atomic<Int>(0)
        let received = Mutex<[Request]>([])
    }

    var connectionsAccepted: Int { log.accepted.load(ordering: .acquiring) }
    var requests: [Request] { log.received.withLock { $0 } }
    var url: String { "http://127.0.0.1:\(port)" }

    static func start(_ script: @escaping Script) async throws -> ScriptedHTTPServer {
        let log = Log()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                let number = log.accepted.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(
                        Handler(connection: number, script: script) { request in
                            log.received.withLock { $0.append(request) }
                        })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedHTTPServer(
            port: channel.localAddress?.port ?? 0, channel: channel, log: log)
    }

    private init(port: Int, channel: any Channel, log: Log) {
        self.port = port
        self.channel = channel
        self.log = log
    }

    func stop() async throws { try await channel.close() }

    /// Runs `body` with a started server and always stops it.
    static func with<T>(_ script: @escaping Script, _ body: (ScriptedHTTPServer) async throws -> T) async throws -> T {
        let server = try await start(script)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let connection: Int
        let script: Script
        let record: @Sendable (Request) -> Void
        var pending = ByteBuffer()
        var served = 0

        init(connection: Int, script: @escaping Script, record: @escaping @Sendable (Request) -> Void) {
            self.connection = connection
            self.script = script
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            pending.writeBuffer(&bytes)
            while let request = takeRequest() {
                record(request)
                run(script(request)[...], context: context)
            }
        }

        /// Where the head of the request being read ends and how long its body is, once known.
        var head: (text: String, end: Int, length: Int)?

        /// The next whole request, if it has arrived. The body is not copied until it is whole.
        private func takeRequest() -> Request? {
            if head == nil {
                let start: [UInt8] = Array(pending.readableBytesView.prefix(64 * 1024))
                guard let end = Self.endOfHead(start) else { return nil }
                let text = String(decoding: start[..<end], as: UTF8.self)
                let length =
                    text.split(separator: "\r\n").compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                        return Int(parts[1].drop { $0 == " " })
                    }.first ?? 0
                head = (text, end, length)
            }
            guard let (text, end, length) = head, pending.readableBytes >= end + 4 + length else { return nil }
            let body = pending.getBytes(at: pending.readerIndex + end + 4, length: length) ?? []
            pending.moveReaderIndex(forwardBy: end + 4 + length)
            pending.discardReadBytes()
            head = nil
            defer { served += 1 }
            return Request(connection: connection, indexOnConnection: served, head: text, body: body)
        }

        /// The index of the `\r\n\r\n` that ends a request's head, if it has arrived.
        static func endOfHead(_ bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4)
            where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index
            }
            return nil
        }

        private func run(_ steps: ArraySlice<Step>, context: ChannelHandlerContext) {
            guard let step = steps.first else { return }
            let rest = steps.dropFirst()
            let channel = context.channel
            switch step {
            case .send(let text):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
            case .sendBytes(let bytes):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
            case .pause(let amount):
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: amount) {
                    let (handler, context) = bound.value
                    handler.run(rest, context: context)
                }
                return
            case .close:
                channel.close(promise: nil)
                return
            case .reset:
                guard let socket = channel as? any SocketOptionProvider else {
                    channel.close(promise: nil)
                    return
                }
                socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
                    channel.close(promise: nil)
                }
                return
            }
            run(rest, context: context)
        }

        typealias OutboundOut = ByteBuffer
    }
}

extension ScriptedHTTPServer.Step {
    /// A complete answer with `body` and a `Content-Length`.
    static func answer(_ status: String = "200 OK", body: String = "{}", headers: String = "") -> Self {
        .send("HTTP/1.1 \(status)\r\nContent-Length: \(body.utf8.count)\r\n\(headers)\r\n\(body)")
    }
}
