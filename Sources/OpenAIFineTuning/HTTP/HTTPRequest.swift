import NIOCore
import NIOHTTP1

/// One HTTP/1.1 request for `HTTPTransport.execute`.
///
/// Contract: `url` is absolute (http or https); the transport adds `Host`, and `Content-Length`
/// for any body (a stream's length is declared up front, so the server can refuse an oversize
/// upload before reading it). A request is `idempotent` when sending it twice does no harm: only
/// then is it resent, once, on a fresh connection when a reused one turns out closed before any
/// answer byte arrived.
struct HTTPRequest: Sendable {
    var method: HTTPMethod
    var url: String
    var headers: HTTPHeaders
    var body: HTTPRequestBody
    var idempotent: Bool

    init(
        method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: HTTPRequestBody = .none,
        idempotent: Bool? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.idempotent = idempotent ?? [.GET, .HEAD, .PUT, .DELETE, .OPTIONS].contains(method)
    }
}

/// A request body: none, bytes in memory, or a stream of known length written piece by piece.
enum HTTPRequestBody: Sendable {
    /// Writes the body through `write`, which returns once the bytes are handed to the socket.
    typealias Writer = @Sendable (_ write: (ByteBuffer) async throws -> Void) async throws -> Void

    case none
    case bytes(ByteBuffer)
    /// Exactly `length` bytes, produced by the writer; a writer that produces another count
    /// fails the request (the connection is closed, never reused).
    case stream(length: Int64, writer: Writer)

    var length: Int64 {
        switch self {
        case .none: 0
        case .bytes(let buffer): Int64(buffer.readableBytes)
        case .stream(let length, _): length
        }
    }
}
