#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// File-system chores around a Unix socket path, before and after `bind`.
enum UnixSocketPath {
    /// The longest path a `sockaddr_un` holds, without the terminating NUL.
    static let maximumLength = 107

    /// What is at a socket path before binding.
    enum Occupant: Equatable {
        case nothing
        case liveSocket
        case staleSocket
        case notASocket
    }

    /// Makes `path` ready to bind: creates the parent directory (mode 0755) and removes a stale
    /// socket file.
    ///
    /// - Throws: ``VarlinkListenError`` when the path is too long, a live socket or a non-socket
    ///   is in the way, or a system call fails.
    static func prepareForBinding(_ path: String) throws {
        guard path.utf8.count <= maximumLength else { throw VarlinkListenError.pathTooLong(path: path) }
        let parent = parentDirectory(of: path)
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            } catch {
                throw VarlinkListenError.systemCallFailed(operation: "mkdir", path: parent, errno: errno)
            }
        }
        switch try occupant(of: path) {
        case .nothing:
            return
        case .liveSocket:
            throw VarlinkListenError.socketInUse(path: path)
        case .notASocket:
            throw VarlinkListenError.notASocket(path: path)
        case .staleSocket:
            guard unlink(path) == 0 || errno == ENOENT else {
                throw VarlinkListenError.systemCallFailed(operation: "unlink", path: path, errno: errno)
            }
        }
    }

    /// Finds out what is at `path`; a socket is live when a connection to it is accepted
    /// (or queued), stale when the kernel refuses it.
    static func occupant(of path: String) throws -> Occupant {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return .nothing }
            throw VarlinkListenError.systemCallFailed(operation: "lstat", path: path, errno: errno)
        }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else { return .notASocket }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else {
            throw VarlinkListenError.systemCallFailed(operation: "socket", path: path, errno: errno)
        }
        defer { close(probe) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result == 0 { return .liveSocket }
        switch errno {
        case ECONNREFUSED, ENOENT: return .staleSocket
        case EAGAIN: return .liveSocket  // the backlog is full: someone listens
        default:
            throw VarlinkListenError.systemCallFailed(operation: "connect", path: path, errno: errno)
        }
    }

    /// Gives a freshly bound socket its mode and, optionally, group.
    static func applyOwnership(_ path: String, mode: UInt32, group: UInt32?) throws {
        if let group, chown(path, uid_t.max, group) != 0 {
            throw VarlinkListenError.systemCallFailed(operation: "chown", path: path, errno: errno)
        }
        guard chmod(path, mode_t(mode)) == 0 else {
            throw VarlinkListenError.systemCallFailed(operation: "chmod", path: path, errno: errno)
        }
    }

    /// The directory part of `path`, as `NSString.deletingLastPathComponent` gives it: trailing
    /// slashes ignored, `""` for a bare name, `"/"` for a name in the root.
    static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var parent = trimmed[..<slash]
        while parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }
}
