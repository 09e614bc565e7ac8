import NIOCore

/// The decisions of one server connection, without I/O: when a call starts, when the connection
/// closes, and whether to read more input.
///
/// Rules:
/// - Calls run one at a time, in arrival order (Varlink answers in order); calls that arrive
///   while one runs wait in a queue. When the queue holds `maximumQueuedCalls`, reading stops
///   (``wantsInput`` is false) until it drains: backpressure rather than an error.
/// - The next call starts only while the client is reading (the channel is writable), so a
///   client that pipelines calls without reading their answers cannot grow the server's buffers.
/// - When input ends (EOF, an oversize message), the calls already received are still answered,
///   then the connection closes, after sending the final error if there is one.
/// - A call whose processing says the connection must close (a message that is not a valid
///   call) closes it right after; nothing queued behind it runs.
/// - The idle timer may close the connection only when nothing runs and nothing waits; the
///   slow-client timer only while the channel is still not writable.
struct VarlinkServerConnectionStateMachine {
    enum Action: Equatable {
        case none
        /// Run this call (and disarm the idle timer).
        case startCall(ByteBuffer)
        /// Nothing to do until the next call: arm the idle timer.
        case awaitNextCall
        /// Send the error, if any, then close the connection.
        case close(sendingFirst: VarlinkError?)
    }

    private enum InputState: Equatable {
        case open
        case ended(finalError: VarlinkError?)
    }

    private var input = InputState.open
    private var callRunning = false
    private var queue = CircularBuffer<ByteBuffer>()
    private var isWritable = true
    private(set) var isClosed = false
    let maximumQueuedCalls: Int

    init(maximumQueuedCalls: Int) {
        self.maximumQueuedCalls = maximumQueuedCalls
    }

    /// Whether the handler should read more from the socket.
    var wantsInput: Bool {
        !isClosed && input == .open && queue.count < maximumQueuedCalls
    }

    /// Whether a frame given now would be queued (false once input ended or the connection
    /// closed: ``frameReceived(_:)`` then drops it).
    var acceptsFrames: Bool { !isClosed && input == .open }

    /// Whether a call is running (for tests and logs).
    var isCallRunning: Bool { callRunning }

    mutating func frameReceived(_ frame: ByteBuffer) -> Action {
        guard !isClosed, input == .open else { return .none }
        queue.append(frame)
        return startNextIfPossible()
    }

    /// The running call finished; `closeConnection` when its message broke the protocol.
    mutating func callFinished(closeConnection: Bool) -> Action {
        callRunning = false
        guard !isClosed else { return .none }
        if closeConnection {
            return close(sendingFirst: nil)
        }
        return startNextIfPossible()
    }

    /// No more input will come: EOF (`finalError` nil) or a limit broken (the error to send last).
    mutating func inputEnded(finalError: VarlinkError?) -> Action {
        guard !isClosed, input == .open else { return .none }
        input = .ended(finalError: finalError)
        return startNextIfPossible()
    }

    mutating func writabilityChanged(isWritable: Bool) -> Action {
        self.isWritable = isWritable
        guard isWritable, !isClosed else { return .none }
        return startNextIfPossible()
    }

    mutating func idleTimerFired() -> Action {
        guard !isClosed, !callRunning, queue.isEmpty else { return .none }
        return close(sendingFirst: nil)
    }

    mutating func slowClientTimerFired() -> Action {
        guard !isClosed, !isWritable else { return .none }
        return close(sendingFirst: nil)
    }

    /// The channel closed (either side); drops whatever waits.
    mutating func channelClosed() {
        isClosed = true
        queue.removeAll()
    }

    private mutating func startNextIfPossible() -> Action {
        if callRunning { return .none }
        if !queue.isEmpty {
            guard isWritable else { return .none }
            callRunning = true
            return .startCall(queue.removeFirst())
        }
        switch input {
        case .open:
            return .awaitNextCall
        case .ended(let finalError):
            return close(sendingFirst: finalError)
        }
    }

    private mutating func close(sendingFirst error: VarlinkError?) -> Action {
        isClosed = true
        queue.removeAll()
        return .close(sendingFirst: error)
    }
}
