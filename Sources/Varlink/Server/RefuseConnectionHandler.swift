import NIOCore

/// Answers a connection over the cap with one error reply, then closes it.
///
/// It does not close at once: a client usually sends its call right after connecting, and on a
/// Unix socket a write to a peer that has already closed fails (`EPIPE`) before the client has
/// read the reply waiting for it, so the client would see a broken pipe instead of the reason.
/// The connection is closed when the client's first bytes arrive (they are dropped), when it
/// closes its end, or after `linger`, whichever comes first, so a refused client holds its file
/// descriptor briefly at most.
final class RefuseConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let reply: ByteBuffer
    private let linger: TimeAmount
    private var closing = false

    init(error: VarlinkError, linger: TimeAmount = .seconds(1)) {
        self.reply = VarlinkReplyEncoder.encode(error)
        self.linger = linger
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: linger) { channel.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Whatever the refused client sends is dropped; it has sent its call, so it will not
        // write into a closed socket now: close.
        close(context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            close(context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func close(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        context.close(promise: nil)
    }
}
