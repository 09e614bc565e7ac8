import FoundationEssentials
import Glibc

/// A kept copy in the content store.
public struct StoredContent: Sendable, Hashable {
    /// 64 lowercase hex digits.
    public var sha256: String
    public var size: Int64
    /// Where the copy is: `<store>/sha256/ab/abcdef…`.
    public var path: String
}

/// The daemon's own copies of submitted files, content-addressed by SHA-256, in its state
/// directory beside the database (`<state>/content/sha256/ab/abcdef…`).
///
/// Contracts:
/// - ``keep(_:progress:)`` streams the source in constant memory (1 MiB at a time) into a
///   temporary file in the store, hashing as it goes, then fsyncs it and renames it into place
///   (and fsyncs the directory): a copy is either complete under its hash or not there at all.
///   A full disk or quota (`ENOSPC`, `EDQUOT`) is ``ContentStoreError/noSpace(directory:reason:)``
///   and leaves no partial file. Keeping content that is there already only marks it used.
/// - A copy is never changed once in place; what was validated is what is uploaded.
/// - The file's modification time is its last use (kept again, or submitted again): retention
///   and the size cap (``ContentRetention``) evict the least recently used first.
/// - Blocking I/O: call it off the Swift cooperative pool (``OffPool``).
public final class ContentStore: Sendable {
    /// `<state>/content`.
    public let directory: String
    private var objects: String { directory + "/sha256" }
    private var temporaries: String { directory + "/tmp" }

    public init(directory: String) {
        self.directory = directory
    }

    /// The store beside a database file.
    public convenience init(besideDatabase databasePath: String) {
        self.init(directory: PathText.directory(of: databasePath) + "/content")
    }

    /// The kept copy of `sha256`, or nil when there is none (never kept, or evicted). The seam
    /// for re-submitting kept content (to another account, a migration).
    public func path(forSHA256 sha256: String) -> String? {
        guard Self.isDigest(sha256) else { return nil }
        let path = objectPath(sha256)
        return access(path, R_OK) == 0 ? path : nil
    }

    /// Copies `source` into the store (see the type's contracts); `progress` gets the bytes
    /// copied so far, now and then. Closes nothing: the source's owner does.
    public func keep(
        _ source: ContentSource, progress: ((Int64) -> Void)? = nil
    ) throws(ContentStoreError) -> StoredContent {
        try source.check()
        try makeDirectory(temporaries)
        let temporary = temporaries + "/\(UUID().uuidString.lowercased())"
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard output >= 0 else { throw failure("open", temporary, errno) }
        var placed = false
        defer {
            close(output)
            if !placed { unlink(temporary) }
        }
        let (sha256, size) = try copy(from: source, to: output, temporary: temporary, progress: progress)
        guard fsync(output) == 0 else { throw failure("fsync", temporary, errno) }
        let target = objectPath(sha256)
        try makeDirectory(PathText.directory(of: target))
        if access(target, F_OK) == 0 {
            markUsed(target)
        } else {
            guard rename(temporary, target) == 0 else { throw failure("rename", target, errno) }
            placed = true
            syncDirectory(PathText.directory(of: target))
        }
        return StoredContent(sha256: sha256, size: size, path: target)
    }

    /// Marks kept content as used now (a re-submission), so retention keeps it longer.
    public func markUsed(sha256: String) {
        if let path = path(forSHA256: sha256) { markUsed(path) }
    }

    /// Every kept copy, with its size and last use.
    public func entries() -> [ContentRetention.Entry] {
        let manager = FileManager.default
        guard let prefixes = try? manager.contentsOfDirectory(atPath: objects) else { return [] }
        var entries: [ContentRetention.Entry] = []
        for prefix in prefixes {
            let folder = objects + "/" + prefix
            for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where Self.isDigest(name) {
                var status = stat()
                guard stat(folder + "/" + name, &status) == 0 else { continue }
                entries.append(
                    ContentRetention.Entry(
                        sha256: name, size: Int64(status.st_size),
                        lastUsed: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9))
            }
        }
        return entries
    }

    /// Removes one kept copy (eviction).
    public func remove(sha256: String) {
        guard Self.isDigest(sha256) else { return }
        unlink(objectPath(sha256))
    }

    /// Removes what a copy cut short by a crash left in the temporary folder.
    public func removeTemporaries() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporaries)) ?? [] {
            unlink(temporaries + "/" + name)
        }
    }

    // MARK: - Copying

    private func copy(
        from source: ContentSource, to output: Int32, temporary: String, progress: ((Int64) -> Void)?
    )
        throws(ContentStoreError) -> (String, Int64)
    {
        let hasher = try LibcryptoDigest(.sha256)
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 4096)
        defer { buffer.deallocate() }
        _ = posix_fadvise(source.descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        var offset: Int64 = 0
        var reported: Int64 = 0
        while true {
            let count = pread(source.descriptor, buffer.baseAddress, chunk, off_t(offset))
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(bytes)
            try writeAll(bytes, to: output, temporary: temporary)
            offset += Int64(count)
            if let progress, offset - reported >= 16 << 20 {
                reported = offset
                progress(offset)
            }
        }
        progress?(offset)
        return (try hasher.hexDigest(), offset)
    }

    private func writeAll(
        _ bytes: UnsafeRawBufferPointer, to output: Int32, temporary: String
    ) throws(ContentStoreError) {
        var written = 0
        while written < bytes.count {
            let result = write(output, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw failure("write", temporary, errno)
            }
            written += result
        }
    }

    // MARK: - Files

    private func objectPath(_ sha256: String) -> String {
        objects + "/" + sha256.prefix(2) + "/" + sha256
    }

    private func makeDirectory(_ path: String) throws(ContentStoreError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw .storeFailed(operation: "mkdir", path: path, reason: Self.reason(error))
        }
    }

    /// The system's words for a file-system failure (`strerror`), else the error as it describes
    /// itself.
    private static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        return String(describing: error)
    }

    private func markUsed(_ path: String) {
        _ = utimensat(AT_FDCWD, path, nil, 0)
    }

    private func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private func failure(_ operation: String, _ path: String, _ code: Int32) -> ContentStoreError {
        if code == ENOSPC || code == EDQUOT {
            return .noSpace(directory: directory, reason: String(cString: strerror(code)))
        }
        return .storeFailed(operation: operation, path: path, reason: String(cString: strerror(code)))
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
