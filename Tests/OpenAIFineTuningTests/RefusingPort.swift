import Glibc

/// A loopback TCP port that refuses every connection for as long as `body` runs: a socket bound
/// to it that never listens. Unlike the port of a server that has just closed, no other test can
/// take it meanwhile, and no child another thread is starting can keep it listening with its
/// copy of the descriptor.
func withRefusingPort<T>(_ body: (Int) async throws -> T) async throws -> T {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw RefusingPortError(step: "socket", errno: errno) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw RefusingPortError(step: "bind", errno: errno) }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw RefusingPortError(step: "getsockname", errno: errno) }
    return try await body(Int(UInt16(bigEndian: address.sin_port)))
}

struct RefusingPortError: Error, CustomStringConvertible {
    var step: String
    var errno: Int32
    var description: String { "a refusing port: \(step) failed: \(String(cString: strerror(errno)))" }
}
