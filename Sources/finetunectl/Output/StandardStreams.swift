import Foundation

/// Standard output and standard error, written with `write(2)`.
///
/// A reader that goes away early (`finetunectl list --json | head -1`) is normal in a pipeline:
/// the program then ends at once and quietly, with exit status 141 (128 + SIGPIPE, what a shell
/// reports for `git log | head`), instead of trapping in Foundation's `FileHandle.write(_:)`,
/// which cannot report the error. SIGPIPE is ignored (``prepare()``) so that the closed pipe is
/// an `EPIPE` error here, not a signal in the middle of some other write. Nothing is buffered, so
/// lines appear in the order they were written and at once (for streams a script follows).
enum StandardStreams {
    /// The exit status when the reader of standard output or standard error has gone.
    static let closedPipeStatus: Int32 = 141

    /// Called first thing: a closed pipe must be an error from `write`, not a signal.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text` to standard output.
    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

    /// Writes `text` to standard error.
    static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    /// Writes all of `text`; on a closed pipe ends the program quietly (status 141); on another
    /// error (a full disk) says so on standard error and ends with status 2.
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written >= 0 {
                bytes = bytes.dropFirst(written)
                continue
            }
            let failure = errno
            if failure == EINTR { continue }
            if failure == EAGAIN {
                var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
                continue
            }
            if failure == EPIPE { exit(closedPipeStatus) }
            if fd != STDERR_FILENO {
                err("finetunectl: cannot write to standard output: \(String(cString: strerror(failure)))\n")
            }
            exit(CtlExit.usageOrIO.rawValue)
        }
    }
}

/// Output a person or a script reads: one line on standard output.
enum Output {
    static func line(_ text: String) { StandardStreams.out(text + "\n") }
}
