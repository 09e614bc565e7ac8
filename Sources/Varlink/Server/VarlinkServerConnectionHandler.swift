import Logging
import NIOCore

/// The thin NIO side of one server connection: feeds channel events to a
/// ``VarlinkServerConnectionStateMachine`` and carries out its actions (start a call's task,
/// arm timers, write, close). Sits behind a ``NULFrameDecoder``, so it reads whole messages.
///
/// Calls run in Swift tasks off the event loop; their replies come back through
/// ``VarlinkConnectionOutput`` onto the loop, where this handler writes them in order.
final class VarlinkServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var state: VarlinkServerConnectionStateMachine
    private var context: ChannelHandlerContext?
    private var idleTimer: Scheduled<Void>?
    private var slowClientTimer: Scheduled<Void>?
    private var writabilityWaiters: [EventLoopPromise<Void>] = []
    private var runningCall: Task<Void, Never>?
    private var readPending = false

    private let configuration: VarlinkServerConfiguration
    private let processor: VarlinkCallProcessor
    private let connection: VarlinkConnectionInfo
    private let logger: Logger
    private let eventLoop: any EventLoop

    init(
        configuration: VarlinkServerConfiguration, processor: VarlinkCallProcessor,
        connection: VarlinkConnectionInfo, logger: Logger, eventLoop: any EventLoop
    ) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.processor = processor
        self.connection = connection
        self.logger = logger
        self.state = VarlinkServerConnectionStateMachine(
            maximumQueuedCalls: configuration.maximumQueuedCalls)
    }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { armIdleTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        act(state.frameReceived(unwrapInboundIn(data)), context: context)
    }

    func read(context: ChannelHandlerContext) {
        if state.wantsInput {
            context.read()
        } else {
            readPending = true
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case VarlinkProtocolError.messageTooLarge = error {
            logger.notice(
                "Message over the size limit; closing after the replies before it",
                metadata: ["varlink.limit": "\(configuration.maximumMessageSize)"])
            act(state.inputEnded(finalError: configuration.messageTooLargeReply), context: context)
        } else if case ByteToMessageDecoderError.dataReceivedInErrorState = error {
            // Bytes that followed an oversize message: input has ended, they are dropped.
        } else {
            logger.debug("Connection error", metadata: ["varlink.error": "\(error)"])
            state.channelClosed()
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            act(state.inputEnded(finalError: nil), context: context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let isWritable = context.channel.isWritable
        if isWritable {
            slowClientTimer?.cancel()
            slowClientTimer = nil
            let waiters = writabilityWaiters
            writabilityWaiters.removeAll()
            for waiter in waiters { waiter.succeed() }
        } else if slowClientTimer == nil {
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            slowClientTimer = context.eventLoop.scheduleTask(
                in: TimeAmount(configuration.slowClientTimeout)
            ) {
                let handler = loopBound.value
                guard let context = handler.context else { return }
                handler.slowClientTimer = nil
                let action = handler.state.slowClientTimerFired()
                if action != .none {
                    handler.logger.notice("Closing connection: the client stopped reading its replies")
                }
                handler.act(action, context: context)
            }
        }
        act(state.writabilityChanged(isWritable: isWritable), context: context)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.channelClosed()
        idleTimer?.cancel()
        slowClientTimer?.cancel()
        let waiters = writabilityWaiters
        writabilityWaiters.removeAll()
        for waiter in waiters { waiter.fail(VarlinkProtocolError.connectionClosed) }
        runningCall?.cancel()
        runningCall = nil
        context.fireChannelInactive()
    }

    // MARK: - From the running call (on the event loop, through VarlinkConnectionOutput)

    /// Writes a non-final reply; the future completes when the channel is writable again.
    func writeReply(_ reply: ByteBuffer) -> EventLoopFuture<Void> {
        guard let context, !state.isClosed else {
            return eventLoop.makeFailedFuture(VarlinkProtocolError.connectionClosed)
        }
        context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
        if context.channel.isWritable {
            return context.eventLoop.makeSucceededVoidFuture()
        }
        let promise = context.eventLoop.makePromise(of: Void.self)
        writabilityWaiters.append(promise)
        return promise.futureResult
    }

    func finishCall(lastReply: ByteBuffer?, closeConnection: Bool) {
        runningCall = nil
        guard let context else { return }
        if let lastReply, !state.isClosed {
            context.writeAndFlush(wrapOutboundOut(lastReply), promise: nil)
        }
        act(state.callFinished(closeConnection: closeConnection), context: context)
    }

    // MARK: - Actions

    private func act(
        _ action: VarlinkServerConnectionStateMachine.Action, context: ChannelHandlerContext
    ) {
        switch action {
        case .none:
            break
        case .startCall(let frame):
            idleTimer?.cancel()
            idleTimer = nil
            startCall(frame, context: context)
        case .awaitNextCall:
            armIdleTimer(context: context)
        case .close(let finalError):
            idleTimer?.cancel()
            idleTimer = nil
            if let finalError {
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(VarlinkReplyEncoder.encode(finalError))).whenComplete { _ in
                    channel.close(promise: nil)
                }
            } else {
                context.close(promise: nil)
            }
        }
        if readPending && state.wantsInput {
            readPending = false
            context.read()
        }
    }

    private func startCall(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        let output = VarlinkConnectionOutput(handler: NIOLoopBound(self, eventLoop: context.eventLoop))
        let processor = self.processor
        let connection = self.connection
        let logger = self.logger
        runningCall = Task {
            await processor.process(frame, connection: connection, logger: logger, output: output)
        }
    }

    private func armIdleTimer(context: ChannelHandlerContext) {
        guard let timeout = configuration.idleTimeout else { return }
        idleTimer?.cancel()
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            let handler = loopBound.value
            guard let context = handler.context else { return }
            handler.idleTimer = nil
            let action = handler.state.idleTimerFired()
            if action != .none {
                handler.logger.debug("Closing idle connection")
            }
            handler.act(action, context: context)
        }
    }
}
