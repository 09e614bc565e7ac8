import NIOCore
import NIOHTTP1

/// A whole HTTP answer: status, headers and the body collected up to the caller's limit.
struct HTTPResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer
}
