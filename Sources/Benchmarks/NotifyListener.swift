import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The service manager's end of NOTIFY_SOCKET for benchmarks: a datagram socket that records
/// when each READY=1 arrives, on its own thread, so the arrival time is not delayed by the
/// daemon's tasks.
final class NotifyListener: Sendable {
    let path: String
    private let fd: Int32
    private let readyTimes = Mutex<[ContinuousClock.Instant]>([])
    private let closed = Atomic<Bool>(false)

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else { throw Failure(description: "cannot bind \(path): errno \(errno)") }
        Thread { [self] in receiveLoop() }.start()
    }

    /// Owns the socket: it is closed here, on this thread, so its number is never reused while a
    /// `recv` could still read from it.
    private func receiveLoop() {
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !closed.load(ordering: .relaxed) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) == 1 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { continue }
            let now = ContinuousClock.now
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            if text.split(separator: "\n").contains("READY=1") { readyTimes.withLock { $0.append(now) } }
        }
    }

    /// How many READY=1 datagrams have arrived so far.
    var readyCount: Int { readyTimes.withLock { $0.count } }

    /// Waits (polling every 200 µs, the datagram arrives from this process) for READY=1 number
    /// `index` (0-based) and returns when it arrived.
    func waitForReady(index: Int, timeout: Duration = .seconds(60)) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let time = readyTimes.withLock({ $0.count > index ? $0[index] : nil }) { return time }
            try await Task.sleep(for: .microseconds(200))
        }
        throw Failure(description: "no READY=1 within \(timeout)")
    }

    func close() {
        closed.store(true, ordering: .relaxed)
        unlink(path)
    }
}
