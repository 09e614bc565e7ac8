import CVarlinkSocket
import Dispatch
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Accepts connections on a listening Unix stream socket with a Dispatch read source and hands
/// each (non-blocking, close-on-exec) to `accept`.
///
/// Contract: owns the listening socket and closes it once ``close()`` was called and its source
/// is cancelled. When the process is out of descriptors (`EMFILE`), accepting pauses for 100 ms
/// instead of spinning; the kernel keeps the pending connections in the backlog meanwhile.
final class VarlinkSocketListener: @unchecked Sendable {
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "varlink.listener")
    private let source: any DispatchSourceRead
    private let accept: @Sendable (Int32) -> Void
    private let logger: Logger
    private var paused = false
    private var closed = false

    /// Takes ownership of `descriptor`, a bound and listening socket.
    init(descriptor: Int32, logger: Logger, accept: @escaping @Sendable (Int32) -> Void) {
        self.descriptor = descriptor
        self.logger = logger
        self.accept = accept
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        source.setEventHandler { [weak self] in self?.acceptPending() }
        source.setCancelHandler { _ = Glibc.close(descriptor) }
    }

    func start() {
        source.resume()
    }

    /// Stops accepting and closes the listening socket.
    func close() {
        queue.sync {
            guard !closed else { return }
            closed = true
            if paused { source.resume() }
            source.cancel()
        }
    }

    private func acceptPending() {
        while !closed {
            let connection = cvarlink_accept(descriptor)
            if connection >= 0 {
                accept(connection)
                continue
            }
            switch errno {
            case EINTR, ECONNABORTED:
                continue
            case EAGAIN, EWOULDBLOCK:
                return
            case let code:
                logger.warning(
                    "Cannot accept connections for now; retrying in 100 ms",
                    metadata: ["varlink.error": "\(String(cString: strerror(code)))"])
                paused = true
                source.suspend()
                queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [weak self] in
                    guard let self, self.paused, !self.closed else { return }
                    self.paused = false
                    self.source.resume()
                }
                return
            }
        }
    }

    /// Binds and listens on `path` (already prepared by ``UnixSocketPath``).
    static func bind(path: String, backlog: Int32 = 1024) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw VarlinkListenError.systemCallFailed(operation: "socket", path: path, errno: errno)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(descriptor, backlog) == 0 else {
            let code = errno
            _ = Glibc.close(descriptor)
            throw VarlinkListenError.systemCallFailed(
                operation: bound == 0 ? "listen" : "bind", path: path, errno: code)
        }
        return descriptor
    }
}
