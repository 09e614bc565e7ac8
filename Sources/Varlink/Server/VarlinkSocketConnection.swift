import CVarlinkSocket
import Dispatch
import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One server connection on its own socket I/O: `recvmsg` (so that descriptors sent as
/// SCM_RIGHTS arrive with their message, which SwiftNIO's stream channels cannot surface) and
/// non-blocking `send`, driven by a ``VarlinkEventLoop`` shared with other connections. It feeds
/// a ``VarlinkServerConnectionStateMachine`` and carries out its actions (answer a call at once
/// or start its task, arm timers, write, close); every rule lives in the state machine.
///
/// Contracts:
/// - All mutable state is touched only on `loop`'s thread (hence `@unchecked Sendable`).
/// - A call whose handler is immediate is answered on the loop, right after it was read; any
///   other runs in a task on the connection's own serial queue (``VarlinkConnectionExecutor``),
///   so a handler that blocks holds its connection only, never the loop or the cooperative pool.
/// - Every descriptor received is closed unless a handler took it: those of a message that is
///   refused, never finished, or still queued when the connection closes, and those of a call
///   when the call ends (``VarlinkCallProcessor``).
/// - The socket is closed once, after the loop forgot it.
final class VarlinkSocketConnection: VarlinkConnectionSink, @unchecked Sendable {
    private let descriptor: Int32
    private let loop: VarlinkEventLoop
    private let configuration: VarlinkServerConfiguration
    private let processor: VarlinkCallProcessor
    private let connection: VarlinkConnectionInfo
    private let logger: Logger
    private let onClose: @Sendable () -> Void

    private var state: VarlinkServerConnectionStateMachine
    private var splitter: VarlinkMessageSplitter
    /// The descriptors of the calls waiting in the state machine's queue, in the same order.
    private var waitingDescriptors: [VarlinkInboundDescriptors] = []
    /// The socket's registration with the loop, once started.
    private var token: VarlinkEventLoop.Token?
    private var readWanted = false
    private var writeWanted = false
    private var inputFinished = false
    private var outbound = ByteBuffer()
    private var isWritable = true
    private var closeWhenFlushed = false
    private var closed = false
    /// The one pending idle check, if any; it is not re-armed per call (see ``armIdleTimer()``).
    private var idleTimer: VarlinkEventLoop.TimerID?
    /// Since when the connection waits for its next call; nil while a call runs or waits.
    private var idleSince: DispatchTime?
    private var slowClientTimer: VarlinkEventLoop.TimerID?
    private var writabilityWaiters: [CheckedContinuation<Void, any Error>] = []
    private var runningCall: Task<Void, Never>?
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
    /// Where `recvmsg` puts the descriptors of one read (allocated once, not per read).
    private let receivedDescriptors = UnsafeMutableBufferPointer<Int32>.allocate(capacity: Int(CVARLINK_MAX_FDS))
    /// Where the tasks of calls that await run: this connection's own queue.
    private let executor: VarlinkConnectionExecutor

    init(
        descriptor: Int32, loop: VarlinkEventLoop, configuration: VarlinkServerConfiguration,
        processor: VarlinkCallProcessor, connection: VarlinkConnectionInfo, logger: Logger,
        onClose: @escaping @Sendable () -> Void
    ) {
        self.descriptor = descriptor
        self.loop = loop
        self.executor = VarlinkConnectionExecutor(
            queue: DispatchQueue(label: "varlink.connection.\(connection.id)"))
        self.configuration = configuration
        self.processor = processor
        self.connection = connection
        self.logger = logger
        self.onClose = onClose
        self.state = VarlinkServerConnectionStateMachine(maximumQueuedCalls: configuration.maximumQueuedCalls)
        self.splitter = VarlinkMessageSplitter(maximumMessageSize: configuration.maximumMessageSize)
    }

    deinit {
        readBuffer.deallocate()
        receivedDescriptors.deallocate()
    }

    /// Starts reading; the connection lives until it closes itself or ``close()`` is called.
    func start() {
        loop.execute { [self] in
            guard !closed else { return }
            token = loop.register(descriptor) { [self] readiness in
                // A failed socket is read (to see the error or EOF) while reading; else the
                // failed write closes it.
                if readiness.readable || (readiness.failed && readWanted) { readAvailable() }
                if readiness.writable || (readiness.failed && !readWanted) { flush() }
            }
            updateReading()
            armIdleTimer()
        }
    }

    /// Closes the connection (server shutdown): a running call sees cancellation.
    func close() {
        loop.execute { [self] in closeNow() }
    }

    // MARK: - Reading

    private func readAvailable() {
        for _ in 0..<16 {
            guard !closed, !inputFinished else { return }
            guard state.wantsInput else {
                updateReading()
                return
            }
            // Peek first, and take the bytes off the queue only after they were answered: see
            // ``takePeeked(_:)``. Bytes that came with descriptors are read the usual way.
            var hasAncillary: Int32 = 0
            let peekedLength = cvarlink_peek(descriptor, readBuffer.baseAddress, readBuffer.count, &hasAncillary)
            if peekedLength > 0 && hasAncillary == 0 {
                guard received(byteCount: peekedLength, descriptors: [], peeked: true) else { return }
                continue
            }
            if peekedLength < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            var count: Int32 = 0
            var truncated: Int32 = 0
            let length = cvarlink_recv(
                descriptor, readBuffer.baseAddress, readBuffer.count, receivedDescriptors.baseAddress, &count,
                &truncated)
            let code = errno
            var descriptors = count == 0 ? [] : Array(receivedDescriptors[0..<Int(count)])
            if truncated != 0 {
                // The kernel dropped some: the message carries more than any method accepts.
                logger.notice("Message with more descriptors than the kernel passes; refusing them")
                Self.closeAll(descriptors)
                descriptors = Array(repeating: -1, count: Int(CVARLINK_MAX_FDS) + 1)
            }
            if length < 0 {
                Self.closeAll(descriptors)
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { return }
                logger.debug("Connection error", metadata: ["varlink.error": "\(String(cString: strerror(code)))"])
                closeNow()
                return
            }
            if length == 0 {
                Self.closeAll(descriptors)
                // A peer that closed its socket (not only its writing side, which a client that
                // still reads replies may do) reads nothing more: close now, which cancels the
                // running call. Else a `more` call waiting for something to send would run on
                // until its next send failed.
                if Self.peerHungUp(descriptor) {
                    closeNow()
                    return
                }
                endInput(finalError: nil)
                return
            }
            guard received(byteCount: length, descriptors: descriptors, peeked: false) else { return }
        }
    }

    /// Splits the `byteCount` bytes at the start of `readBuffer` into messages and delivers them;
    /// when they were only `peeked`, takes them off the socket's queue once delivered (and
    /// immediate calls answered). Returns whether to read on.
    private func received(byteCount length: Int, descriptors: [Int32], peeked: Bool) -> Bool {
        var messages: [VarlinkMessageSplitter.Message] = []
        do {
            try splitter.receive(
                UnsafeRawBufferPointer(rebasing: readBuffer[0..<length]), descriptors: descriptors,
                completed: &messages)
            deliver(messages)
            if peeked && !takePeeked(length) { return false }
            // Less than a full buffer: the socket is most likely drained. Readiness is
            // level-triggered, so the loop calls again if more came; this saves the
            // `recvmsg` that would only say EAGAIN (one system call per request).
            return length == readBuffer.count
        } catch {
            deliver(messages)
            if peeked && !takePeeked(length) { return false }
            logger.notice(
                "Message over the size limit; closing after the replies before it",
                metadata: ["varlink.limit": "\(configuration.maximumMessageSize)"])
            endInput(finalError: configuration.messageTooLargeReply)
            return false
        }
    }

    /// Takes `count` bytes already peeked and handled off the socket's queue.
    ///
    /// Why peek: the bytes of a request are charged to the client's socket until the server
    /// takes them, and taking them wakes whoever waits on that socket, a client blocked in
    /// `read(2)` for its reply included (Linux `unix_write_space`). Taken after the reply was
    /// written, that client is already awake; taken before, it wakes once for nothing and
    /// sleeps again while the call runs. Returns false when the connection is closed.
    private func takePeeked(_ count: Int) -> Bool {
        var taken = 0
        while taken < count {
            guard !closed else { return false }
            var descriptorCount: Int32 = 0
            var truncated: Int32 = 0
            let length = cvarlink_recv(
                descriptor, readBuffer.baseAddress, count - taken, receivedDescriptors.baseAddress,
                &descriptorCount, &truncated)
            let code = errno
            // The peek saw no descriptors in these bytes, so none can come with them.
            Self.closeAll(Array(receivedDescriptors[0..<Int(descriptorCount)]))
            if length < 0 && code == EINTR { continue }
            guard length > 0 else {
                logger.debug(
                    "Connection error",
                    metadata: ["varlink.error": "\(String(cString: strerror(length < 0 ? code : EPIPE)))"])
                closeNow()
                return false
            }
            taken += length
        }
        return !closed
    }

    /// Hands complete messages to the state machine, each with its descriptors.
    private func deliver(_ messages: [VarlinkMessageSplitter.Message]) {
        for message in messages {
            guard state.acceptsFrames else {
                Self.closeAll(message.descriptors)
                continue
            }
            waitingDescriptors.append(inbound(message.descriptors))
            act(state.frameReceived(message.frame))
        }
    }

    /// The descriptors of one message, refused (and closed at once) when over the cap; a
    /// placeholder `-1` (more than the kernel passes) is never closed.
    private func inbound(_ descriptors: [Int32]) -> VarlinkInboundDescriptors {
        guard descriptors.count <= configuration.maximumDescriptorsPerMessage else {
            Self.closeAll(descriptors)
            return .refused(count: descriptors.count)
        }
        return .received(VarlinkDescriptors(descriptors))
    }

    private func endInput(finalError: VarlinkError?) {
        inputFinished = true
        Self.closeAll(splitter.discardPending())
        updateReading()
        act(state.inputEnded(finalError: finalError))
    }

    /// Reads while the state machine wants input, stops when it does not (backpressure).
    private func updateReading() {
        guard !closed else { return }
        let wanted = !inputFinished && state.wantsInput
        guard wanted != readWanted else { return }
        readWanted = wanted
        updateInterest()
    }

    private func updateInterest() {
        guard let token else { return }
        if !loop.setInterest(token, readable: readWanted, writable: writeWanted) {
            logger.debug("Cannot watch the socket", metadata: ["varlink.error": "\(String(cString: strerror(errno)))"])
            closeNow()
        }
    }

    // MARK: - Writing

    private func write(_ bytes: ByteBuffer) {
        guard !closed else { return }
        var bytes = bytes
        outbound.writeBuffer(&bytes)
        flush()
    }

    private func flush() {
        guard !closed else { return }
        while outbound.readableBytes > 0 {
            let sent = outbound.withUnsafeReadableBytes { bytes in
                cvarlink_send(descriptor, bytes.baseAddress, bytes.count, nil, 0, Int32(MSG_DONTWAIT))
            }
            if sent > 0 {
                outbound.moveReaderIndex(forwardBy: sent)
                continue
            }
            let code = errno
            if sent < 0 && code == EINTR { continue }
            if sent < 0 && (code == EAGAIN || code == EWOULDBLOCK) { break }
            logger.debug("Write failed", metadata: ["varlink.error": "\(String(cString: strerror(code)))"])
            closeNow()
            return
        }
        if outbound.readableBytes == 0 {
            outbound.clear()
            setWriteWatch(false)
            if closeWhenFlushed {
                closeNow()
                return
            }
        } else {
            if outbound.readerIndex > 1 << 20 { outbound.discardReadBytes() }
            setWriteWatch(true)
        }
        updateWritability()
    }

    private func setWriteWatch(_ on: Bool) {
        guard on != writeWanted, !closed else { return }
        writeWanted = on
        updateInterest()
    }

    /// Not writable above the high-water mark, writable again at the low one (as NIO's channels).
    private func updateWritability() {
        let buffered = outbound.readableBytes
        if isWritable && buffered > configuration.outboundHighWatermark {
            isWritable = false
            armSlowClientTimer()
            act(state.writabilityChanged(isWritable: false))
        } else if !isWritable && buffered <= configuration.outboundLowWatermark {
            isWritable = true
            if let slowClientTimer { loop.cancel(slowClientTimer) }
            slowClientTimer = nil
            let waiters = writabilityWaiters
            writabilityWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
            act(state.writabilityChanged(isWritable: true))
        }
    }

    // MARK: - From the running call

    func send(_ reply: ByteBuffer) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.execute { [self] in
                guard !closed, !state.isClosed else {
                    continuation.resume(throwing: VarlinkProtocolError.connectionClosed)
                    return
                }
                write(reply)
                if closed {
                    continuation.resume(throwing: VarlinkProtocolError.connectionClosed)
                } else if isWritable {
                    continuation.resume()
                } else {
                    writabilityWaiters.append(continuation)
                }
            }
        }
    }

    func finish(lastReply: ByteBuffer?, closeConnection: Bool) {
        loop.execute { [self] in
            runningCall = nil
            callFinished(lastReply: lastReply, closeConnection: closeConnection)
        }
    }

    /// Writes the last reply of the call that ended and goes on (on the loop).
    private func callFinished(lastReply: ByteBuffer?, closeConnection: Bool) {
        guard !closed else { return }
        if let lastReply, !state.isClosed { write(lastReply) }
        act(state.callFinished(closeConnection: closeConnection))
    }

    // MARK: - Actions

    private func act(_ action: VarlinkServerConnectionStateMachine.Action) {
        guard !closed else { return }
        switch action {
        case .none:
            break
        case .startCall(let frame):
            idleSince = nil
            startCall(frame)
        case .awaitNextCall:
            armIdleTimer()
        case .close(let finalError):
            if let idleTimer { loop.cancel(idleTimer) }
            idleTimer = nil
            if let finalError {
                closeWhenFlushed = true
                write(VarlinkReplyEncoder.encode(finalError))
            } else {
                closeNow()
            }
        }
        updateReading()
    }

    private func startCall(_ frame: ByteBuffer) {
        let descriptors = waitingDescriptors.isEmpty ? VarlinkInboundDescriptors.none : waitingDescriptors.removeFirst()
        switch processor.start(frame, descriptors: descriptors, connection: connection, logger: logger) {
        case .finished(let lastReply, let closeConnection):
            // Answered here: the state machine runs the next call (if one waits) from this call.
            callFinished(lastReply: lastReply, closeConnection: closeConnection)
        case .needsTask(let pending):
            let output = VarlinkConnectionOutput(sink: self)
            let processor = self.processor
            runningCall = Task(executorPreference: executor) {
                await processor.run(pending, output: output)
            }
        }
    }

    /// Starts the idle period. A check already pending stays: when it fires early it re-arms
    /// itself for the rest of the period, so a busy connection costs no timer per call.
    private func armIdleTimer() {
        guard configuration.idleTimeout != nil, !closed else { return }
        idleSince = .now()
        if idleTimer == nil {
            scheduleIdleCheck(afterNanoseconds: UInt64(configuration.idleTimeout!.dispatchNanoseconds))
        }
    }

    private func scheduleIdleCheck(afterNanoseconds interval: UInt64) {
        idleTimer = loop.schedule(afterNanoseconds: interval) { [weak self] in self?.idleCheck() }
    }

    private func idleCheck() {
        idleTimer = nil
        guard !closed, let timeout = configuration.idleTimeout, let idleSince else { return }
        let idle = DispatchTime.now().uptimeNanoseconds - idleSince.uptimeNanoseconds
        let limit = UInt64(timeout.dispatchNanoseconds)
        guard idle >= limit else {
            scheduleIdleCheck(afterNanoseconds: limit - idle)
            return
        }
        let action = state.idleTimerFired()
        if action != .none { logger.debug("Closing idle connection") }
        act(action)
    }

    private func armSlowClientTimer() {
        guard slowClientTimer == nil else { return }
        let interval = UInt64(configuration.slowClientTimeout.dispatchNanoseconds)
        slowClientTimer = loop.schedule(afterNanoseconds: interval) { [weak self] in
            guard let self, !self.closed else { return }
            self.slowClientTimer = nil
            let action = self.state.slowClientTimerFired()
            if action != .none { self.logger.notice("Closing connection: the client stopped reading its replies") }
            // The final error of a close cannot be flushed to a client that does not read.
            if case .close = action { self.closeNow() } else { self.act(action) }
        }
    }

    // MARK: - Closing

    private func closeNow() {
        guard !closed else { return }
        closed = true
        state.channelClosed()
        if let idleTimer { loop.cancel(idleTimer) }
        if let slowClientTimer { loop.cancel(slowClientTimer) }
        idleTimer = nil
        slowClientTimer = nil
        let waiters = writabilityWaiters
        writabilityWaiters.removeAll()
        for waiter in waiters { waiter.resume(throwing: VarlinkProtocolError.connectionClosed) }
        runningCall?.cancel()
        runningCall = nil
        for waiting in waitingDescriptors { waiting.close() }
        waitingDescriptors.removeAll()
        Self.closeAll(splitter.discardPending())
        if let token { loop.deregister(token) }
        token = nil
        readWanted = false
        writeWanted = false
        _ = Glibc.close(descriptor)
        onClose()
    }

    /// Whether the peer has closed both directions (POLLHUP), as opposed to only its writing side.
    private static func peerHungUp(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: 0, revents: 0)
        return poll(&entry, 1, 0) == 1 && entry.revents & Int16(POLLHUP) != 0
    }

    private static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { _ = Glibc.close(descriptor) }
    }
}

extension Duration {
    /// The duration for Dispatch deadlines.
    var dispatchInterval: DispatchTimeInterval { .nanoseconds(dispatchNanoseconds) }

    /// The duration in whole nanoseconds.
    var dispatchNanoseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    }
}
