import Foundation

/// Where output goes and whether it may be coloured: only when stdout is a terminal and the
/// `NO_COLOR` environment variable is unset (https://no-color.org).
struct Terminal {
    let useColor: Bool

    static func standardOutput() -> Terminal {
        Terminal(useColor: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    func red(_ s: String) -> String { paint(s, "31") }
    func yellow(_ s: String) -> String { paint(s, "33") }
    func green(_ s: String) -> String { paint(s, "32") }
    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }

    private func paint(_ s: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    /// Writes a line to standard error (never coloured).
    static func warn(_ message: String) {
        StandardStreams.err(message + "\n")
    }
}
