import NIOCore
import NIOPosix
import Varlink

/// A bare socket connection that sends arbitrary bytes and collects NUL-terminated frames, for
/// protocol tests the well-behaved ``VarlinkClient`` cannot write.
final class RawConnection: Sendable {
    /// What arrives: each frame as text; the stream ends when the server closes the connection.
    let frames: AsyncStream<String>
    let channel: any Channel

    private init(channel: any Channel, frames: AsyncStream<String>) {
        self.channel = channel
        self.frames = frames
    }

    /// - Parameter reading: `false` makes a client that never reads (the slow-client case).
    static func connect(to path: String, reading: Bool = true) async throws -> RawConnection {
        let (frames, continuation) = AsyncStream<String>.makeStream()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: reading)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(NULFrameDecoder(maximumMessageSize: 64 << 20)))
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation))
                }
            }
            .connect(unixDomainSocketPath: path).get()
        return RawConnection(channel: channel, frames: frames)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    func send(bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    /// Half-closes: the server sees end of input.
    func shutdownOutput() async throws {
        try await channel.close(mode: .output).get()
    }

    func close() async {
        try? await channel.close()
    }

    /// Every frame until the server closes the connection.
    func collectUntilClosed() async -> [String] {
        var all: [String] = []
        for await frame in frames { all.append(frame) }
        return all
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<String>.Continuation

        init(continuation: AsyncStream<String>.Continuation) {
            self.continuation = continuation
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            continuation.yield(String(buffer: unwrapInboundIn(data)))
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case ChannelEvent.inputClosed = event { continuation.finish() }
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.finish()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            continuation.finish()
            context.close(promise: nil)
        }
    }
}

extension AsyncStream {
    /// The next element, or `nil` if the stream ended.
    func first() async -> Element? {
        var iterator = makeAsyncIterator()
        return await iterator.next()
    }
}
