/// Why an HTTP exchange failed below the HTTP status: the transport's errors, by kind.
///
/// Contract: `kind` says whether the request can have reached the server (`.connectRefused`,
/// `.connectTimeout`, `.invalidURL` and `.tls` during the handshake say it did not); the
/// message never holds a header value or a body byte of the request.
struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        /// No connection could be made (refused, no route, the name did not resolve).
        case connectRefused
        /// No connection was made within the connect timeout.
        case connectTimeout
        /// The connection broke (reset, or closed by the server) before the answer was whole.
        case connectionLost
        /// The whole exchange did not finish before its deadline.
        case deadlineExceeded
        /// The TLS handshake or record layer failed (certificate, host name, protocol).
        case tls
        /// The answer's body exceeded the caller's limit; the connection was closed.
        case responseTooLarge
        /// The answer was not HTTP/1.1 the parser accepts.
        case malformedResponse
        /// The calling task was cancelled.
        case cancelled
        /// The URL is not an absolute http(s) URL.
        case invalidURL
    }

    var kind: Kind
    var message: String
    /// True when a connection broke before any byte of the answer arrived (a reused keep-alive
    /// connection the server had closed): the request can be resent on a fresh one.
    var beforeAnswer = false

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    var description: String { "\(kind): \(message)" }
}
