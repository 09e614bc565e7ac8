import NIOCore

/// Splits a byte stream into Varlink messages: each message is the bytes before a NUL.
///
/// Handles a message split across any number of reads and any number of messages in one read.
/// The NUL itself is consumed and not part of the frame. An empty frame (two NULs in a row) is
/// passed on as an empty buffer; the layer above decides what it means (for a call: bad JSON).
///
/// A frame whose length would exceed `maximumMessageSize` before its NUL arrives makes the
/// decoder throw ``VarlinkProtocolError/messageTooLarge(limit:)``; the oversize bytes are never
/// buffered beyond the limit, so one client cannot make the server hold more than that.
public struct NULFrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    /// The largest message, in bytes without its NUL, that is accepted.
    public let maximumMessageSize: Int
    /// How many bytes at the front of the buffer are known to hold no NUL.
    private var scanned = 0

    public init(maximumMessageSize: Int) {
        precondition(maximumMessageSize > 0, "maximumMessageSize must be positive")
        self.maximumMessageSize = maximumMessageSize
    }

    public mutating func decode(
        context: ChannelHandlerContext, buffer: inout ByteBuffer
    ) throws
        -> DecodingState
    {
        guard let frame = try nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    )
        throws -> DecodingState
    {
        // Bytes after the last NUL at EOF are an unfinished message: they are dropped.
        while let frame = try nextFrame(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(frame))
        }
        return .needMoreData
    }

    /// Removes and returns the next complete frame, or `nil` if the buffer holds none yet.
    ///
    /// This is the whole decision of the decoder, usable without a channel.
    public mutating func nextFrame(from buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let view = buffer.readableBytesView
        let searchStart = view.startIndex + scanned
        guard let nul = view[searchStart...].firstIndex(of: 0) else {
            scanned = view.count
            if view.count > maximumMessageSize {
                throw VarlinkProtocolError.messageTooLarge(limit: maximumMessageSize)
            }
            return nil
        }
        let length = nul - view.startIndex
        scanned = 0
        if length > maximumMessageSize {
            throw VarlinkProtocolError.messageTooLarge(limit: maximumMessageSize)
        }
        let frame = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        return frame
    }
}
