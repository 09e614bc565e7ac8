import Foundation

/// A progress report on standard error while something long runs (an upload, a training job).
///
/// On a terminal it is one line, rewritten in place. Elsewhere (a log, a pipe) it prints a plain
/// line only when the caller's milestone changes, so a log gets a few lines rather than hundreds.
/// Standard output is left alone: it carries the result (and the JSON with `--json`).
final class ProgressLine {
    enum Mode { case live, plain, silent }

    let mode: Mode
    /// Colours for what is written here: standard error's, which may differ from standard output's.
    let terminal: Terminal
    private var lastMilestone: String?
    private var showing = false

    /// On a terminal, Ctrl-C clears the live line before the program ends (exit 130, as a shell
    /// reports an interrupt), so the prompt does not land in the middle of it.
    private var interrupt: (any DispatchSourceSignal)?

    init(mode: Mode) {
        self.mode = mode
        terminal = Terminal(
            useColor: isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        if mode == .live {
            signal(SIGINT, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            source.setEventHandler {
                StandardStreams.err("\r\u{1B}[2K")
                exit(130)
            }
            source.resume()
            interrupt = source
        }
    }

    /// Live on a terminal (standard error); plain lines otherwise, or nothing when `quiet`.
    static func standardError(quiet: Bool) -> ProgressLine {
        if isatty(STDERR_FILENO) == 1 { return ProgressLine(mode: .live) }
        return ProgressLine(mode: quiet ? .silent : .plain)
    }

    /// Shows `text`. In plain mode it is printed only when `milestone` differs from the last one.
    func update(_ text: String, milestone: String) {
        switch mode {
        case .silent: return
        case .live:
            var line = text
            let width = Self.terminalWidth()
            if line.count >= width { line = String(line.prefix(width - 2)) + "…" }
            write("\r\u{1B}[2K" + line)
            showing = true
        case .plain:
            guard milestone != lastMilestone else { return }
            lastMilestone = milestone
            write(text + "\n")
        }
    }

    /// Prints a line that stays (an event worth keeping), above the live line.
    func note(_ text: String) {
        switch mode {
        case .silent: return
        case .live:
            write("\r\u{1B}[2K" + text + "\n")
        case .plain:
            write(text + "\n")
        }
    }

    /// Clears the live line so the next output starts on a clean line.
    func finish() {
        if mode == .live && showing { write("\r\u{1B}[2K") }
        showing = false
    }

    private func write(_ text: String) {
        StandardStreams.err(text)
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 10 { return Int(size.ws_col) }
        return 100
    }

    /// `[#########-----------] 45%`.
    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let clamped = min(1, max(0, fraction))
        let filled = Int((clamped * Double(width)).rounded())
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            + String(format: " %3d%%", Int((clamped * 100).rounded()))
    }
}
