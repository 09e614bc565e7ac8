import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A file to copy into the content store: an open descriptor the store now owns (closed when
/// the copy ends, whatever way) and a name for messages.
public final class ContentSource: Sendable {
    public let descriptor: Int32
    /// What the user called it (the client's path, or `descriptor N`); never opened by the daemon.
    public let name: String

    /// Takes ownership of `descriptor`.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Opens a path the daemon can read itself (a submission by path).
    ///
    /// - Throws: ``ContentStoreError/unreadable(reason:)``.
    public static func open(path: String) throws(ContentStoreError) -> ContentSource {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        let source = ContentSource(descriptor: descriptor, name: path)
        try source.check()
        return source
    }

    /// Checks, without reading a byte, that the descriptor is a regular file open for reading.
    ///
    /// - Throws: ``ContentStoreError/notARegularFile(kind:)`` (a directory, a socket, a pipe, a
    ///   device) or ``ContentStoreError/unreadable(reason:)`` (opened write-only or `O_PATH`).
    public func check() throws(ContentStoreError) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .notARegularFile(kind: "a directory")
        case S_IFSOCK: throw .notARegularFile(kind: "a socket")
        case S_IFIFO: throw .notARegularFile(kind: "a pipe")
        case S_IFCHR, S_IFBLK: throw .notARegularFile(kind: "a device")
        default: throw .notARegularFile(kind: "not a file")
        }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        // O_PATH (010000000 on Linux), which Glibc's module does not export.
        if flags & 0o10_000_000 != 0 { throw .unreadable(reason: "opened with O_PATH") }
        let mode = flags & O_ACCMODE
        guard mode == O_RDONLY || mode == O_RDWR else { throw .unreadable(reason: "opened for writing only") }
    }

    deinit {
        close(descriptor)
    }
}
