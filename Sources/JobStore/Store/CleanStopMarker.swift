#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A file beside the database (`DATABASE.clean-stop`) that says the last daemon to use it stopped
/// by itself, after everything it wrote was committed.
///
/// Contract: `leave(now:)` is called last in a clean stop; `consume()` is called first in every open
/// and removes the file durably before anything else happens, so a run that then crashes leaves
/// no marker behind and the next open knows the stop was not clean. A missing directory entry,
/// not the marker's content, is what counts; the content is for the human who finds the file.
public struct CleanStopMarker: Sendable {
    public let path: String

    public init(databasePath: String) { path = databasePath + ".clean-stop" }

    /// Whether the marker was there. Removes it, and syncs the directory so the removal
    /// survives a power cut. A marker that cannot be removed counts as absent (the next open
    /// then checks the database; never the other way round).
    public func consume() -> Bool {
        guard access(path, F_OK) == 0 else { return false }
        guard unlink(path) == 0 else { return false }
        syncDirectory()
        return true
    }

    /// Leaves the marker. Returns false when it could not be written (the next open then checks
    /// the database, which is safe).
    @discardableResult
    public func leave(now: Int64) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let text = "finetuned stopped cleanly at \(now) (Unix time), pid \(getpid()).\n"
        let written = text.utf8CString.withUnsafeBufferPointer { buffer in
            write(fd, buffer.baseAddress, buffer.count - 1)
        }
        guard written == text.utf8.count, fsync(fd) == 0 else {
            unlink(path)
            return false
        }
        syncDirectory()
        return true
    }

    private func syncDirectory() {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        let fd = open(
            directory.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
