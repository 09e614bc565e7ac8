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
/// non-blocking `send`, driven by Dispatch sources on a serial queue of its own. It feeds a
/// ``VarlinkServerConnectionStateMachine`` and carries out its actions (start a call's task, arm
/// timers, write, close); every rule lives in the state machine.
///
/// Contracts:
/// - All mutable state is touched only on `queue` (hence `@unchecked Sendable`).
/// - Every descriptor received is closed unless a handler took it: those of a message that is
///   refused, never finished, or still queued when the connection closes, and those of a call
///   when the call ends (``VarlinkCallProcessor``).
/// - The socket is closed once, after both Dispatch sources are cancelled.
final class VarlinkSocketConnection: VarlinkConnectionSink, @unchecked Sendable {
    private let descriptor: Int32
    private let queue: DispatchQueue
    private let configuration: VarlinkServerConfiguration
    private let processor: VarlinkCallProcessor
    private let connection: VarlinkConnectionInfo
    private let logger: Logger
    private let onClose: @Sendable () -> Void

    private var state: VarlinkServerConnectionStateMachine
    private var splitter: VarlinkMessageSplitter
    /// The descriptors of the calls waiting in the state machine's queue, in the same order.
    private var waitingDescriptors: [VarlinkInboundDescriptors] = []
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var readSuspended = true
    private var writeSuspended = true
    private var inputFinished = false
    private var outbound = ByteBuffer()
    private var isWritable = true
    private var closeWhenFlushed = false
    private var closed = false
    /// The one pending idle check, if any; it is not re-armed per call (see ``armIdleTimer()``).
    private var idleTimer: DispatchWorkItem?
    /// Since when the connection waits for its next call; nil while a call runs or waits.
    private var idleSince: DispatchTime?
    private var slowClientTimer: DispatchWorkItem?
    private var writabilityWaiters: [CheckedContinuation<Void, any Error>] = []
    private var runningCall: Task<Void, Never>?
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
    /// Where the calls' tasks run: this connection's queue.
    private let executor: VarlinkConnectionExecutor

    init(
        descriptor: Int32, configuration: VarlinkServerConfiguration, processor: VarlinkCallProcessor,
        connection: VarlinkConnectionInfo, logger: Logger, onClose: @escaping @Sendable () -> Void
    ) {
        self.descriptor = descriptor
        self.queue = DispatchQueue(label: "varlink.connection.\(connection.id)")
        self.executor = VarlinkConnectionExecutor(queue: queue)
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
    }

    /// Starts reading; the connection lives until it closes itself or ``close()`` is called.
    func start() {
        queue.async { [self] in
            guard !closed else { return }
            let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
            let write = DispatchSource.makeWriteSource(fileDescriptor: descriptor, queue: queue)
            let sources = DispatchGroup()
            sources.enter()
            sources.enter()
            source.setEventHandler { [weak self] in self?.readAvailable() }
            source.setCancelHandler { sources.leave() }
            write.setEventHandler { [weak self] in self?.flush() }
            write.setCancelHandler { sources.leave() }
            let descriptor = self.descriptor
            sources.notify(queue: queue) { _ = Glibc.close(descriptor) }
            readSource = source
            writeSource = write
            readSuspended = false
            source.resume()
            armIdleTimer()
        }
    }

    /// Closes the connection (server shutdown): a running call sees cancellation.
    func close() {
        queue.async { [self] in closeNow() }
    }

    // MARK: - Reading

    private func readAvailable() {
        var received = [Int32](repeating: -1, count: Int(CVARLINK_MAX_FDS))
        for _ in 0..<16 {
            guard !closed, !inputFinished else { return }
            guard state.wantsInput else {
                updateReading()
                return
            }
            var count: Int32 = 0
            var truncated: Int32 = 0
            let length = received.withUnsafeMutableBufferPointer { fds in
                cvarlink_recv(descriptor, readBuffer.baseAddress, readBuffer.count, fds.baseAddress, &count, &truncated)
            }
            let code = errno
            var descriptors = Array(received[0..<Int(count)])
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
            var messages: [VarlinkMessageSplitter.Message] = []
            do {
                try splitter.receive(
                    UnsafeRawBufferPointer(rebasing: readBuffer[0..<length]), descriptors: descriptors,
                    completed: &messages)
                deliver(messages)
            } catch {
                deliver(messages)
                logger.notice(
                    "Message over the size limit; closing after the replies before it",
                    metadata: ["varlink.limit": "\(configuration.maximumMessageSize)"])
                endInput(finalError: configuration.messageTooLargeReply)
                return
            }
        }
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
        guard let readSource, !closed else { return }
        let wanted = !inputFinished && state.wantsInput
        if wanted && readSuspended {
            readSuspended = false
            readSource.resume()
        } else if !wanted && !readSuspended {
            readSuspended = true
            readSource.suspend()
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
        guard let writeSource else { return }
        if on && writeSuspended {
            writeSuspended = false
            writeSource.resume()
        } else if !on && !writeSuspended {
            writeSuspended = true
            writeSource.suspend()
        }
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
            slowClientTimer?.cancel()
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
            queue.async { [self] in
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
        queue.async { [self] in
            runningCall = nil
            guard !closed else { return }
            if let lastReply, !state.isClosed { write(lastReply) }
            act(state.callFinished(closeConnection: closeConnection))
        }
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
            idleTimer?.cancel()
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
        let output = VarlinkConnectionOutput(sink: self)
        let processor = self.processor
        let connection = self.connection
        let logger = self.logger
        runningCall = Task(executorPreference: executor) {
            await processor.process(
                frame, descriptors: descriptors, connection: connection, logger: logger, output: output)
        }
    }

    /// Starts the idle period. A check already pending stays: when it fires early it re-arms
    /// itself for the rest of the period, so a busy connection costs no timer per call.
    private func armIdleTimer() {
        guard configuration.idleTimeout != nil, !closed else { return }
        idleSince = .now()
        if idleTimer == nil { scheduleIdleCheck(after: configuration.idleTimeout!.dispatchInterval) }
    }

    private func scheduleIdleCheck(after interval: DispatchTimeInterval) {
        let item = DispatchWorkItem { [weak self] in self?.idleCheck() }
        idleTimer = item
        queue.asyncAfter(deadline: .now() + interval, execute: item)
    }

    private func idleCheck() {
        idleTimer = nil
        guard !closed, let timeout = configuration.idleTimeout, let idleSince else { return }
        let idle = DispatchTime.now().uptimeNanoseconds - idleSince.uptimeNanoseconds
        let limit = UInt64(timeout.dispatchNanoseconds)
        guard idle >= limit else {
            scheduleIdleCheck(after: .nanoseconds(Int(limit - idle)))
            return
        }
        let action = state.idleTimerFired()
        if action != .none { logger.debug("Closing idle connection") }
        act(action)
    }

    private func armSlowClientTimer() {
        guard slowClientTimer == nil else { return }
        let item = DispatchWorkItem { [weak self] in
            guard let self, !self.closed else { return }
            self.slowClientTimer = nil
            let action = self.state.slowClientTimerFired()
            if action != .none { self.logger.notice("Closing connection: the client stopped reading its replies") }
            // The final error of a close cannot be flushed to a client that does not read.
            if case .close = action { self.closeNow() } else { self.act(action) }
        }
        slowClientTimer = item
        queue.asyncAfter(deadline: .now() + configuration.slowClientTimeout.dispatchInterval, execute: item)
    }

    // MARK: - Closing

    private func closeNow() {
        guard !closed else { return }
        closed = true
        state.channelClosed()
        idleTimer?.cancel()
        slowClientTimer?.cancel()
        let waiters = writabilityWaiters
        writabilityWaiters.removeAll()
        for waiter in waiters { waiter.resume(throwing: VarlinkProtocolError.connectionClosed) }
        runningCall?.cancel()
        runningCall = nil
        for waiting in waitingDescriptors { waiting.close() }
        waitingDescriptors.removeAll()
        Self.closeAll(splitter.discardPending())
        if let readSource {
            if readSuspended { readSource.resume() }
            readSource.cancel()
        } else {
            // Closed before it started: no source will close the socket.
            _ = Glibc.close(descriptor)
        }
        if let writeSource {
            if writeSuspended { writeSource.resume() }
            writeSource.cancel()
        }
        readSuspended = false
        writeSuspended = false
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
