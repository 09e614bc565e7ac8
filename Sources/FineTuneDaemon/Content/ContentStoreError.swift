import FoundationEssentials

/// Why the content store could not keep a copy of a file. Its description is what the user sees
/// (a submission's error, a Varlink error's `reason`).
public enum ContentStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source is not a regular file (a directory, a socket, a pipe, a device).
    case notARegularFile(kind: String)
    /// The source cannot be read (opened write-only, `O_PATH`, or a read failed).
    case unreadable(reason: String)
    /// The disk (or the user's quota) is full; nothing was kept.
    case noSpace(directory: String, reason: String)
    /// Another system call failed in the store.
    case storeFailed(operation: String, path: String, reason: String)
    /// libcrypto failed.
    case hashing(String)

    public var description: String {
        switch self {
        case .notARegularFile(let kind):
            return "not a regular file (\(kind))"
        case .unreadable(let reason):
            return "not readable: \(reason)"
        case .noSpace(let directory, let reason):
            return "no space left to keep a copy in \(directory) (\(reason)); nothing was kept"
        case .storeFailed(let operation, let path, let reason):
            return "\(path): \(operation) failed: \(reason)"
        case .hashing(let reason):
            return "digest: \(reason)"
        }
    }
}
