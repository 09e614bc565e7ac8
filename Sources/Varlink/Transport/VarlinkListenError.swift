/// The server could not start listening.
public enum VarlinkListenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another process accepts connections on this socket already.
    case socketInUse(path: String)
    /// Something that is not a socket is in the way; it is left alone.
    case notASocket(path: String)
    /// The path does not fit in a `sockaddr_un` (107 bytes).
    case pathTooLong(path: String)
    /// A system call failed.
    case systemCallFailed(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .socketInUse(let path):
            return "\(path): another process is already listening on this socket"
        case .notASocket(let path):
            return "\(path): exists and is not a socket; refusing to replace it"
        case .pathTooLong(let path):
            return "\(path): too long for a Unix socket address (at most 107 bytes)"
        case .systemCallFailed(let operation, let path, let code):
            return "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
