import Glibc

/// Where `/metrics` is served (`MetricsListen=`): a Unix socket path, or an IP literal and port.
///
/// Loopback is `127.0.0.1:PORT` or `[::1]:PORT`. Any other address must be written as a literal
/// (`0.0.0.0:PORT`, `[::]:PORT`, `192.0.2.7:PORT`), so that exposing the metrics beyond the host
/// is always a visible choice; hostnames, bare ports and `:PORT` are refused. Port 0 binds a free
/// port (the daemon logs which).
public enum MetricsListenAddress: Sendable, Equatable, CustomStringConvertible {
    case unixSocket(path: String)
    /// `host` is an IPv4 or IPv6 literal (without brackets).
    case tcp(host: String, port: Int)

    /// Parses a `MetricsListen=` value; the error text says what is accepted.
    public static func parse(_ text: String) -> Result<MetricsListenAddress, ParseError> {
        if text.hasPrefix("/") {
            guard text.utf8.count < 108 else {
                return .failure(ParseError("a Unix socket path is at most 107 bytes: \"\(text)\""))
            }
            return .success(.unixSocket(path: text))
        }
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return .failure(ParseError.expected(text)) }
            portText = rest.dropFirst()
            guard isIPv6(String(host)) else { return .failure(ParseError.expected(text)) }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return .failure(ParseError.expected(text)) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard isIPv4(String(host)) else { return .failure(ParseError.expected(text)) }
        }
        guard let port = Int(portText), (0...65_535).contains(port), !portText.hasPrefix("+") else {
            return .failure(ParseError("not a port (0-65535): \"\(portText)\" in \"\(text)\""))
        }
        return .success(.tcp(host: String(host), port: port))
    }

    /// True for a Unix socket and for 127.0.0.0/8 and ::1.
    public var isLoopback: Bool {
        switch self {
        case .unixSocket: true
        case .tcp(let host, _): host.hasPrefix("127.") || host == "::1"
        }
    }

    public var description: String {
        switch self {
        case .unixSocket(let path): path
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }

        static func expected(_ text: String) -> ParseError {
            ParseError(
                "expected a Unix socket path (/run/finetuned/metrics.sock), 127.0.0.1:PORT or [::1]:PORT, "
                    + "or an explicit address such as 0.0.0.0:PORT to listen beyond this host "
                    + "(no hostnames), got \"\(text)\"")
        }
    }

    private static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    private static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}
