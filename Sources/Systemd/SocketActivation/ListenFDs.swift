import CSystemd
import Glibc

/// Sockets passed by systemd socket activation (`sd_listen_fds_with_names(3)`).
///
/// The unit's `.socket` names each socket with `FileDescriptorName=`; the daemon looks for
/// `control`. Without socket activation the list is empty and the daemon binds its own socket.
public struct ListenFDs: Sendable, Equatable {
    /// One passed file descriptor and its name (`unknown` when the unit gave none).
    public struct Socket: Sendable, Equatable {
        public let fd: Int32
        public let name: String

        public init(fd: Int32, name: String) {
            self.fd = fd
            self.name = name
        }
    }

    public let sockets: [Socket]

    public init(sockets: [Socket]) { self.sockets = sockets }

    /// Reads `LISTEN_FDS`/`LISTEN_PID`/`LISTEN_FDNAMES` through libsystemd, and unsets them so
    /// that child processes (`OnJobEnd=` hooks) do not think the sockets are theirs. The fds
    /// get `FD_CLOEXEC` from libsystemd. Call once, early.
    ///
    /// - Throws: `SystemdError` when the variables are malformed.
    public static func fromEnvironment() throws -> ListenFDs {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        guard count >= 0 else {
            throw SystemdError(operation: "sd_listen_fds_with_names", errno: -count)
        }
        defer {
            if let names {
                for i in 0..<Int(count) { free(names[i]) }
                free(names)
            }
        }
        let first = Int32(3)  // SD_LISTEN_FDS_START
        let sockets = (0..<count).map { i in
            Socket(fd: first + i, name: names?[Int(i)].map { String(cString: $0) } ?? "unknown")
        }
        return ListenFDs(sockets: sockets)
    }

    /// The descriptor named `name`, if it is a listening Unix stream socket.
    public func listeningUnixSocket(named name: String) -> Int32? {
        guard let socket = sockets.first(where: { $0.name == name }) else { return nil }
        let isUnixStream = sd_is_socket_unix(socket.fd, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0
        return isUnixStream ? socket.fd : nil
    }

    /// The descriptor named `name`, if it is a listening stream socket of any family (Unix, IPv4, IPv6).
    public func listeningStreamSocket(named name: String) -> Int32? {
        guard let socket = sockets.first(where: { $0.name == name }) else { return nil }
        let isStream = sd_is_socket(socket.fd, AF_UNSPEC, Int32(SOCK_STREAM.rawValue), 1) > 0
        return isStream ? socket.fd : nil
    }

    /// The `metrics` socket (`FileDescriptorName=metrics` in `finetuned-metrics.socket`).
    public var metricsSocket: Int32? { listeningStreamSocket(named: "metrics") }

    /// The `control` socket (`FileDescriptorName=control` in `finetuned.socket`).
    public var controlSocket: Int32? { listeningUnixSocket(named: "control") }
}
