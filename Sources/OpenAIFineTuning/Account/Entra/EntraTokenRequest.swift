import FoundationEssentials
import JSON
import NIOCore
import NIOHTTP1

/// One request for a token, to Entra's token endpoint or to the instance metadata endpoint, and
/// the reading of its answer (`../shared/reference/azure-openai-fine-tuning.md` §2.2).
struct EntraTokenRequest: Sendable {
    let credential: EntraCredential
    let authorityHost: URL
    let scope: String
    let timeout: Duration

    /// `POST /{tenant}/oauth2/v2.0/token` or `GET /metadata/identity/oauth2/token`: for errors.
    var label: String {
        switch credential {
        case .clientSecret(let tenant, _, _), .federatedToken(let tenant, _, _):
            "POST /\(tenant)/oauth2/v2.0/token"
        case .managedIdentity(_, let endpoint):
            "GET \(endpoint.path)"
        }
    }

    func send(with http: HTTPTransport, now: @Sendable () -> Date) async throws(OpenAIError) -> AccessToken {
        let request = try build()
        let response: HTTPResponse
        do {
            response = try await http.execute(request, timeout: timeout, maxBodyBytes: 1 << 20)
        } catch {
            throw OpenAIError(
                kind: error.kind == .deadlineExceeded ? .timeout : .connection,
                message: "the token endpoint could not be reached: \(error.kind)", request: label)
        }
        let body = response.body
        let status = Int(response.status.code)
        guard status == 200 else { throw refusal(status: status, body: body) }
        return try read(body, now: now())
    }

    /// The HTTP request; the secret or the assertion goes only into its body.
    private func build() throws(OpenAIError) -> HTTPRequest {
        switch credential {
        case .managedIdentity(let clientID, let endpoint):
            var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
            var query = [
                URLQueryItem(name: "api-version", value: "2018-02-01"),
                URLQueryItem(name: "resource", value: Self.resource(of: scope)),
            ]
            if let clientID { query.append(URLQueryItem(name: "client_id", value: clientID)) }
            let existing = components?.queryItems ?? []
            components?.queryItems = existing + query
            var request = HTTPRequest(
                method: .GET, url: components?.url?.absoluteString ?? endpoint.absoluteString)
            request.headers.add(name: "Metadata", value: "true")
            return request
        case .clientSecret(let tenant, let clientID, let secret):
            return secret.withValue { value in
                form(
                    tenant: tenant,
                    [
                        ("client_id", clientID), ("scope", scope), ("client_secret", value),
                        ("grant_type", "client_credentials"),
                    ])
            }
        case .federatedToken(let tenant, let clientID, let file):
            let assertion: String
            do {
                assertion = try String(contentsOfFile: file, encoding: .utf8)
                    .trimmingWhitespace()
            } catch {
                throw OpenAIError(
                    kind: .connection, message: "\(file): cannot read the federated token file",
                    request: label)
            }
            guard !assertion.isEmpty else {
                throw OpenAIError(
                    kind: .connection, message: "\(file): the federated token file is empty", request: label)
            }
            return form(
                tenant: tenant,
                [
                    ("client_id", clientID), ("scope", scope),
                    ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                    ("client_assertion", assertion), ("grant_type", "client_credentials"),
                ])
        }
    }

    private func form(tenant: String, _ fields: [(String, String)]) -> HTTPRequest {
        var base = authorityHost.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        // Asking twice for a token does no harm.
        var request = HTTPRequest(
            method: .POST, url: "\(base)/\(Self.formEncode(tenant))/oauth2/v2.0/token", idempotent: true)
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        let text = fields.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: text))
        return request
    }

    /// `https://cognitiveservices.azure.com/.default` → `https://cognitiveservices.azure.com`.
    static func resource(of scope: String) -> String {
        scope.hasSuffix("/.default") ? String(scope.dropLast("/.default".count)) : scope
    }

    static func formEncode(_ text: String) -> String {
        text.percentEncoded(keeping: "-._~")
    }

    /// Reads `{"access_token", "expires_in"}`; IMDS sends `expires_in` and `expires_on` as strings.
    private func read(_ body: ByteBuffer, now: Date) throws(OpenAIError) -> AccessToken {
        guard let object = try? JSONParser.parse(body.readableBytesView).objectValue,
            let token = object["access_token"]?.stringValue, !token.isEmpty
        else {
            throw OpenAIError(
                kind: .decoding, status: 200, message: "the token endpoint's answer has no access_token",
                request: label)
        }
        func number(_ key: String) -> Double? {
            if let value = object[key]?.doubleValue { return value }
            if let text = object[key]?.stringValue { return Double(text) }
            return nil
        }
        let expiresOn: Date
        if let seconds = number("expires_in") {
            expiresOn = now.addingTimeInterval(seconds)
        } else if let epoch = number("expires_on") {
            expiresOn = Date(timeIntervalSince1970: epoch)
        } else {
            expiresOn = now.addingTimeInterval(3_599)
        }
        return AccessToken(secret: APIKey(token), expiresOn: expiresOn)
    }

    /// A non-200 answer: Entra's `{"error", "error_description": "AADSTS…", "error_codes"}`.
    /// 4xx are final (the tenant, client or secret is wrong), except what IMDS documents as
    /// passing (404, 410, 429); 5xx are transient.
    private func refusal(status: Int, body: ByteBuffer) -> OpenAIError {
        let object = try? JSONParser.parse(body.readableBytesView).objectValue
        let code = object?["error"]?.stringValue
        var message =
            object?["error_description"]?.stringValue ?? object?["message"]?.stringValue
            ?? String(buffer: body).prefix(300).trimmingWhitespace()
        if let line = message.split(separator: "\r\n").first ?? message.split(separator: "\n").first {
            message = String(line)
        }
        if case .clientSecret(_, _, let secret) = credential { message = secret.redact(message) }
        // A refusal is reported as 401, so callers see the account's credentials refused.
        var effective = (400..<500).contains(status) ? 401 : status
        if case .managedIdentity = credential, [404, 410, 429].contains(status) { effective = 503 }
        if status >= 500 { message = "HTTP \(status): \(message)" } else { message = "HTTP \(status) \(message)" }
        return OpenAIError(
            kind: .api, status: effective, code: code,
            message: "the token endpoint refused: \(message.isEmpty ? "HTTP \(status)" : message)", request: label)
    }
}
