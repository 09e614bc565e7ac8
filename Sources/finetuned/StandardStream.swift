import Glibc

/// Text written to standard output or standard error with `write(2)`, in place of Foundation's
/// `FileHandle` (not in FoundationEssentials).
///
/// Contract: ``write(_:)`` returns once every byte was written (short writes continue, `EINTR`
/// retries) and throws the `errno` of the first other failure, such as `EPIPE` when the reader
/// has gone.
enum StandardStream: Int32 {
    case output = 1
    case error = 2

    /// A write that failed, with its `errno`.
    struct WriteFailure: Error {
        var code: Int32
    }

    func write(_ text: String) throws(WriteFailure) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(rawValue, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteFailure(code: errno)
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
