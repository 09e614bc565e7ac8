/// A request as the simulator's handlers see it: the API prefix (`/v1` or Azure's `/openai`)
/// already stripped from the path.
struct SimRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The path split into segments, percent-decoded.
    var segments: [String] {
        path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }

    var jsonBody: JSON? { body.isEmpty ? nil : JSON.parse(body) }
}

/// An answer before the transport writes it.
struct SimResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8]

    static func json(_ value: JSON, status: Int = 200) -> SimResponse {
        SimResponse(
            status: status, headers: [("content-type", "application/json")],
            body: Array(value.serialized().utf8))
    }

    /// The API's error envelope: `{"error": {message, type, param, code}}`.
    static func error(
        _ status: Int, _ message: String, type: String = "invalid_request_error",
        param: String? = nil, code: String? = nil
    ) -> SimResponse {
        json(
            .object([
                (
                    "error",
                    .object([
                        ("message", .string(message)), ("type", .string(type)),
                        ("param", .optional(param)), ("code", .optional(code)),
                    ])
                )
            ]), status: status)
    }

    static func notFound(_ message: String, param: String? = nil) -> SimResponse {
        error(404, message, param: param)
    }

    static func badRequest(_ message: String, param: String? = nil, code: String? = nil) -> SimResponse {
        error(400, message, param: param, code: code)
    }
}

/// What the transport should do with a request after the simulator has looked at it.
enum SimOutcome: Sendable {
    case respond(SimResponse)
    /// Close the connection without answering.
    case drop
    /// Announce the whole body, send part of it, close.
    case truncate(SimResponse)
    /// Wait, then do the inner outcome.
    indirect case delay(seconds: Double, SimOutcome)
    /// Carry the request out only after `seconds`, then answer (the core resolves this before
    /// the transport sees it): a create that lands after its client gave up, or died.
    case later(seconds: Double)
}

extension String {
    var removingPercentEncoding: String? {
        guard contains("%") || contains("+") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
