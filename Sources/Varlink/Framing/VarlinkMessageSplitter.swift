import NIOCore

/// Splits what `recvmsg` returns (bytes, and the descriptors that came with them) into Varlink
/// messages, each with its descriptors. Pure: no I/O, so every rule is tested without sockets.
///
/// Which message descriptors belong to: a client sends a message and its descriptors in one
/// `sendmsg`, and Linux ends a stream read right after the bytes that carried descriptors. So
/// descriptors received with a read belong to the message that the read's last byte belongs to:
/// the message still unfinished at the end of the read, or the last one it finished when the
/// read ended exactly on a NUL.
///
/// Contract: every descriptor given to ``receive(_:descriptors:)`` ends up in exactly one
/// returned ``Message`` or in the list ``discardPending()`` returns; none is dropped.
struct VarlinkMessageSplitter {
    struct Message {
        var frame: ByteBuffer
        var descriptors: [Int32]
    }

    private var decoder: NULFrameDecoder
    private var buffer = ByteBuffer()
    /// Descriptors of the message not finished yet.
    private var pending: [Int32] = []

    init(maximumMessageSize: Int) {
        decoder = NULFrameDecoder(maximumMessageSize: maximumMessageSize)
    }

    /// Adds one read and returns the messages it completed.
    ///
    /// - Throws: ``VarlinkProtocolError/messageTooLarge(limit:)`` when a message grows over the
    ///   limit; `completed` holds the messages finished before it (the caller still answers
    ///   them), and the pending descriptors are left for ``discardPending()``.
    mutating func receive(_ bytes: UnsafeRawBufferPointer, descriptors: [Int32], completed: inout [Message]) throws {
        buffer.writeBytes(bytes)
        let endsOnNUL = bytes.last == 0
        var carried = pending
        pending = []
        var finished: [Message] = []
        defer { completed.append(contentsOf: finished) }
        do {
            while let frame = try decoder.nextFrame(from: &buffer) {
                finished.append(Message(frame: frame, descriptors: carried))
                carried = []
            }
        } catch {
            pending = carried + descriptors
            throw error
        }
        if endsOnNUL, !finished.isEmpty {
            finished[finished.count - 1].descriptors += descriptors
        } else {
            // A read that ended inside a message: its descriptors wait for that message.
            pending = carried + descriptors
        }
        if buffer.readableBytes == 0 { buffer.clear() }
    }

    /// The descriptors of a message that will never be finished (input ended, a limit broken);
    /// the caller closes them.
    mutating func discardPending() -> [Int32] {
        defer { pending = [] }
        return pending
    }
}
