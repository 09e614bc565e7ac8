import FoundationEssentials
import NIOCore
import NIOHTTP1

/// One API call before it is sent: what `OpenAIClient.send` needs to build and retry it.
struct APIRequest: Sendable {
    enum Body: Sendable {
        case none
        case json(ByteBuffer)
        case multipart(MultipartForm)
    }

    var method: HTTPMethod
    /// The path below the base URL, starting with `/`, e.g. `/fine_tuning/jobs`.
    var path: String
    var query: [(name: String, value: String)] = []
    var body: Body = .none
    /// False for requests that must not be repeated blindly (job create).
    var idempotent = true
    var accept = "application/json"

    /// `METHOD /path`, for logs and errors: no query string, no headers, nothing secret.
    var label: String { "\(method.rawValue) \(path)" }

    static func get(_ path: String, query: [(name: String, value: String)] = []) -> APIRequest {
        APIRequest(method: .GET, path: path, query: query)
    }

    static func post<Body: Encodable>(
        _ path: String, json: Body, idempotent: Bool = true
    ) throws
        -> APIRequest
    {
        let data = try JSONCoding.encoder().encode(json)
        return APIRequest(
            method: .POST, path: path, body: .json(ByteBuffer(bytes: data)),
            idempotent: idempotent)
    }

    static func post(_ path: String) -> APIRequest { APIRequest(method: .POST, path: path) }
    static func delete(_ path: String) -> APIRequest { APIRequest(method: .DELETE, path: path) }
}

/// Percent-encodes one path segment (ids such as `ft:gpt-4o:org::abc` contain colons).
func pathSegment(_ text: String) -> String {
    // RFC 3986 `pchar` without `%`: what Foundation's `urlPathAllowed` keeps, minus `/`.
    text.percentEncoded(keeping: "-._~!$&'()*+,;=:@")
}

/// The `after` / `limit` query of a cursor-paginated list.
func pagingQuery(after: String?, limit: Int?) -> [(name: String, value: String)] {
    var query: [(name: String, value: String)] = []
    if let after { query.append((name: "after", value: after)) }
    if let limit { query.append((name: "limit", value: String(limit))) }
    return query
}
