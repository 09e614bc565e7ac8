import Foundation
import Glibc
import Synchronization

/// The service manager's end of NOTIFY_SOCKET: records every datagram with its arrival time.
public final class NotifyRecorder: Sendable {
    public struct Message: Sendable {
        public var text: String
        public var at: ContinuousClock.Instant
    }

    public let path: String
    private let fd: Int32
    private let messages = Mutex<[Message]>([])
    private let closed = Atomic<Bool>(false)

    public init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else { throw FixtureError("cannot bind \(path): errno \(errno)") }
        let thread = Thread { [self] in receiveLoop() }
        thread.start()
    }

    /// Owns the socket: only this thread touches it, and closes it when asked to stop, so the fd
    /// number is never reused (by NIO, say) while a `recv` could still read from it.
    private func receiveLoop() {
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !closed.load(ordering: .relaxed) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) == 1 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { continue }
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            messages.withLock { $0.append(Message(text: text, at: .now)) }
        }
    }

    public var all: [Message] { messages.withLock { $0 } }

    /// The kind of each message, in order: READY, STATUS, WATCHDOG, STOPPING, RELOADING.
    public var kinds: [String] {
        all.flatMap { message in
            message.text.split(separator: "\n").compactMap { line -> String? in
                switch line.split(separator: "=").first {
                case "READY": "READY"
                case "STATUS": "STATUS"
                case "WATCHDOG": "WATCHDOG"
                case "STOPPING": "STOPPING"
                case "RELOADING": "RELOADING"
                default: nil
                }
            }
        }
    }

    /// Stops the receiving thread, which then closes the socket (within 100 ms).
    public func close() {
        closed.store(true, ordering: .relaxed)
    }
}
