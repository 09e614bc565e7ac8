/// Where a ``VarlinkServer`` listens.
public enum VarlinkListenAddress: Sendable, Hashable {
    /// Bind a Unix socket at this path: the parent directory is created, a stale socket file
    /// (nobody accepts on it) is replaced, a live one is refused with
    /// ``VarlinkListenError/socketInUse(path:)``; the socket gets the configured mode and group.
    case path(String)
    /// Adopt an already bound and listening Unix stream socket, e.g. one systemd passed
    /// (`LISTEN_FDS`, named `control` in `LISTEN_FDNAMES`). The server takes ownership of it.
    case listeningSocket(fileDescriptor: Int32)
}
