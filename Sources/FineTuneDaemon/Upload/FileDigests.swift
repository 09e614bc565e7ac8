import FoundationEssentials
import Glibc

/// The size, sha256 and md5 (libcrypto) of a file, read once in 1 MiB chunks: constant memory whatever the
/// size. Runs on a thread of its own (``OffPool``), never on the cooperative pool.
struct FileDigests: Sendable, Equatable {
    var bytes: Int64
    /// Lowercase hex.
    var sha256: String
    /// Lowercase hex; nil when it was not asked for.
    var md5: String?

    /// Reads `path` from start to end.
    ///
    /// - Throws: `FileDigests.Unreadable` naming the path and the reason; ``ContentStoreError``
    ///   when libcrypto fails.
    static func compute(path: String, md5 wantsMD5: Bool) async throws -> FileDigests {
        try await OffPool.run(name: "digest \(PathText.lastComponent(of: path))") {
            try computeNow(path: path, md5: wantsMD5)
        }
    }

    /// The same, on the calling thread.
    static func computeNow(path: String, md5 wantsMD5: Bool) throws -> FileDigests {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let sha = try LibcryptoDigest(.sha256)
        let md5 = wantsMD5 ? try LibcryptoDigest(.md5) : nil
        var total: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw Unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            sha.update(chunk)
            md5?.update(chunk)
            total += Int64(n)
        }
        return FileDigests(bytes: total, sha256: try sha.hexDigest(), md5: try md5?.hexDigest())
    }

    /// A file that could not be read to its end.
    struct Unreadable: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }
    }
}
