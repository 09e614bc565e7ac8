import Glibc
import Logging

/// A swift-log handler for stderr when it is not connected to journald: one line per entry,
/// `<N>message key=value …`, where `<N>` is the syslog priority. systemd, when it reads such a
/// stream (`SyslogLevelPrefix=`, on by default), files each line at that priority.
///
/// Newlines in the message are written as `\n` so an entry stays on one line.
public struct StderrLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let output: @Sendable (String) -> Void

    /// - Parameter output: receives each complete line with its newline; defaults to fd 2.
    public init(
        metadataProvider: Logger.MetadataProvider? = nil,
        output: @escaping @Sendable (String) -> Void = StderrLogHandler.writeLine
    ) {
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = MetadataMerge.merge(handler: metadata, provider: metadataProvider, event: event.metadata)
        output(Self.format(level: event.level, message: event.message.description, metadata: merged))
    }

    /// `<N>message key=value key2="a b"\n`, metadata sorted by key, secrets redacted.
    public static func format(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var line = "<\(SyslogPriority(level).rawValue)>" + escape(message, quoteIfNeeded: false)
        for key in metadata.keys.sorted() {
            let value = SecretRedaction.isSecret(key: key) ? SecretRedaction.placeholder : metadata[key]!.description
            line += " \(key)=" + escape(value, quoteIfNeeded: true)
        }
        return line + "\n"
    }

    /// Escapes control characters; quotes values with spaces, quotes or `=`.
    static func escape(_ text: String, quoteIfNeeded: Bool) -> String {
        var out = ""
        var needsQuotes = text.isEmpty
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"" where quoteIfNeeded: out += "\\\""; needsQuotes = true
            case "\\" where quoteIfNeeded: out += "\\\\"
            case " ", "=": out.unicodeScalars.append(scalar); needsQuotes = true
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\x" + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return quoteIfNeeded && needsQuotes ? "\"\(out)\"" : out
    }

    /// Writes the line to fd 2 in one `write` (lines from several threads do not interleave
    /// on pipes for lines up to PIPE_BUF).
    public static let writeLine: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
