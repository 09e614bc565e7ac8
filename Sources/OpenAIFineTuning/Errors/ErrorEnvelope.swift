/// The error bodies the client reads, in one lenient shape:
/// - OpenAI and Azure v1: `{"error": {"message", "type", "param", "code"}}`;
/// - Azure's dated API: `{"error": {"code", "message", "target", "details", "innererror"}}`;
/// - Azure's gateway for a bad or expired token: `{"statusCode": 401, "message": "…"}`, no
///   `error` key.
/// A `code` sent as a number is read as its text.
struct ErrorEnvelope: Decodable {
    struct Body: Decodable {
        var message: String?
        var type: String?
        var param: String?
        var code: String?
        var target: String?

        enum CodingKeys: String, CodingKey { case message, type, param, code, target }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            message = try? c.decodeIfPresent(String.self, forKey: .message)
            type = try? c.decodeIfPresent(String.self, forKey: .type)
            param = try? c.decodeIfPresent(String.self, forKey: .param)
            target = try? c.decodeIfPresent(String.self, forKey: .target)
            if let text = try? c.decodeIfPresent(String.self, forKey: .code) {
                code = text
            } else if let number = try? c.decodeIfPresent(Int.self, forKey: .code) {
                code = String(number)
            }
        }
    }

    var error: Body?
    var statusCode: Int?
    var message: String?
}
