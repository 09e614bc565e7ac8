import CVarlinkSocket
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension VarlinkClient {
    /// Connects to the socket at `path` and makes a first call with `more: true` that carries
    /// file descriptors (SCM_RIGHTS, systemd's Varlink convention: parameters refer to them by
    /// their index in `descriptors`). Returns the client, for further calls, and the call's replies.
    ///
    /// The call is written with one `sendmsg` before SwiftNIO takes the socket over (NIO's stream
    /// channels cannot send ancillary data); the server receives the descriptors with it.
    /// `descriptors` stay the caller's: the kernel passes copies, the caller closes its own.
    ///
    /// - Throws: ``VarlinkProtocolError`` or the system's error (as an `IOError`) when connecting
    ///   or sending fails.
    public static func connect(
        to path: String, callingMore method: String, parameters: [String: JSONValue], descriptors: [Int32],
        maximumMessageSize: Int = 16 << 20,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> (VarlinkClient, AsyncThrowingStream<[String: JSONValue], any Error>) {
        let message = try frame(VarlinkCallMessage(method: method, parameters: parameters, more: true))
        let socket = try connectedSocket(path)
        do {
            try sendAll(message, descriptors: descriptors, on: socket)
        } catch {
            _ = Glibc.close(socket)
            throw error
        }
        let (replies, continuation) = AsyncThrowingStream<[String: JSONValue], any Error>.makeStream()
        let refusal = VarlinkClientRefusal()
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(NULFrameDecoder(maximumMessageSize: maximumMessageSize)))
                        try channel.pipeline.syncOperations.addHandler(
                            VarlinkClientHandler(refusal: refusal, alreadySent: [.stream(continuation)]))
                    }
                }
                .withConnectedSocket(socket).get()
        } catch {
            continuation.finish(throwing: error)
            throw error
        }
        return (VarlinkClient(channel: channel, refusal: refusal), replies)
    }

    private static func connectedSocket(_ path: String) throws -> Int32 {
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
        guard path.utf8.count <= UnixSocketPath.maximumLength else {
            _ = Glibc.close(socket)
            throw IOError(errnoCode: ENAMETOOLONG, reason: "connect")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            _ = Glibc.close(socket)
            throw IOError(errnoCode: code, reason: "connect")
        }
        return socket
    }

    /// Writes the whole message on a blocking socket, the descriptors with its first bytes.
    private static func sendAll(_ message: ByteBuffer, descriptors: [Int32], on socket: Int32) throws {
        var remaining = message
        var pending = descriptors
        while remaining.readableBytes > 0 {
            let sent = remaining.withUnsafeReadableBytes { bytes in
                pending.withUnsafeBufferPointer { fds in
                    cvarlink_send(socket, bytes.baseAddress, bytes.count, fds.baseAddress, Int32(fds.count), 0)
                }
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw IOError(errnoCode: errno, reason: "sendmsg")
            }
            remaining.moveReaderIndex(forwardBy: sent)
            pending = []
        }
    }
}
