import FoundationEssentials
import NIOCore
import NIOHTTP1

extension AzureManagementClient {
    /// Sends one management request with a bearer token, retrying transient failures per the
    /// configuration and a refused token once, and decodes a success body as `T`.
    ///
    /// - Parameters:
    ///   - path: below `resource.managementURL`, with its own query when it came from a `nextLink`.
    ///   - apiVersion: added as `api-version`; nil when `path` already carries its query.
    func send<T: Decodable>(
        _ method: String, _ path: String, apiVersion: String?, body: Data? = nil, as type: T.Type
    )
        async throws(OpenAIError) -> T
    {
        try await sendWithStatus(method, path, apiVersion: apiVersion, body: body, as: type).value
    }

    /// As `send`, with the success status (a DELETE's 204 says there was nothing to delete).
    func sendWithStatus<T: Decodable>(
        _ method: String, _ path: String, apiVersion: String?, body: Data? = nil,
        as type: T.Type
    ) async throws(OpenAIError) -> (status: Int, value: T) {
        let label = "\(method) \(Self.template(path))"
        var retries = 0
        var renewedToken = false
        while true {
            let token: AccessToken
            do {
                token = try await tokens.token(forScope: AzureScope.management)
            } catch let error as OpenAIError {
                throw error
            } catch {
                throw OpenAIError(
                    kind: .connection, message: "no token for the management plane: \(error)", request: label)
            }
            let failure: OpenAIError
            let retryFailure: RetryPolicy.Failure
            do {
                let (status, headers, buffer) = try await attempt(
                    method, path, apiVersion: apiVersion, body: body, token: token)
                if (200..<300).contains(status) {
                    do {
                        // An empty body (a DELETE's 204) reads as an empty object.
                        let readable = buffer.readableBytes == 0 ? ByteBuffer(string: "{}") : buffer
                        return (status, try JSONCoding.decode(T.self, from: readable))
                    } catch {
                        failure = OpenAIError(
                            kind: .decoding, status: status,
                            message: "the answer could not be read: \(OpenAIClient.describe(decodingError: error))",
                            requestID: headers.first(name: "x-ms-request-id"), request: label)
                        retryFailure = .corruptAnswer
                    }
                } else {
                    if status == 401 && !renewedToken {
                        renewedToken = true
                        await tokens.invalidate(token, forScope: AzureScope.management)
                        continue
                    }
                    failure = Self.error(
                        status: status, headers: headers, body: buffer, method: method, label: label,
                        resource: resource)
                    retryFailure = .http(status: status, quotaExhausted: false, shouldRetryHeader: nil)
                }
            } catch {
                failure = OpenAIError(kind: .connection, message: "\(error)", request: label)
                retryFailure = .connectionLost
            }
            switch configuration.retry.decide(
                retryFailure, retriesSoFar: retries, idempotent: true,
                announcedWait: failure.retryAfter, jitter: .random(in: 0..<1))
            {
            case .giveUp:
                throw failure
            case .retry(let delay):
                retries += 1
                logger.debug("retrying management request", metadata: ["request": "\(label)", "error": "\(failure)"])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw OpenAIError(kind: .cancelled, message: "cancelled", request: label)
                }
            }
        }
    }

    private func attempt(
        _ method: String, _ path: String, apiVersion: String?, body: Data?, token: AccessToken
    )
        async throws -> (Int, HTTPHeaders, ByteBuffer)
    {
        var base = resource.managementURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var url = base + path
        if let apiVersion { url += (path.contains("?") ? "&" : "?") + "api-version=" + apiVersion }
        var request = HTTPRequest(method: HTTPMethod(rawValue: method), url: url, idempotent: true)
        token.secret.withValue { request.headers.add(name: "authorization", value: "Bearer \($0)") }
        request.headers.add(name: "accept", value: "application/json")
        request.headers.add(name: "user-agent", value: configuration.userAgent)
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(
            request, timeout: configuration.requestTimeout, maxBodyBytes: configuration.maxResponseBytes)
        return (Int(response.status.code), response.headers, response.body)
    }

    /// ARM's error envelope `{"error": {"code", "message"}}` as an `OpenAIError`; a 403 also
    /// says which permission is missing.
    static func error(
        status: Int, headers: HTTPHeaders, body: ByteBuffer, method: String, label: String,
        resource: AzureResource
    ) -> OpenAIError {
        struct Envelope: Decodable {
            struct Body: Decodable {
                var code: String?
                var message: String?
            }
            var error: Body?
        }
        let envelope = try? JSONCoding.decode(Envelope.self, from: body)
        var message =
            envelope?.error?.message
            ?? String(buffer: body).prefix(500).trimmingWhitespace()
        if message.isEmpty { message = HTTPResponseStatus(statusCode: status).reasonPhrase }
        if status == 403 { message += "; " + ManagementPermission.explanation(method: method, resource: resource) }
        return OpenAIError(
            kind: .api, status: status, code: envelope?.error?.code, message: message,
            requestID: headers.first(name: "x-ms-request-id"),
            retryAfter: OpenAIClient.retryAfter(headers), request: label)
    }

    /// `…/deployments/{name}` for errors and logs: no subscription id, no query.
    static func template(_ path: String) -> String {
        let withoutQuery = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let segments = withoutQuery.split(separator: "/")
        guard let index = segments.lastIndex(of: "deployments") else { return "/deployments" }
        return index == segments.count - 1 ? "/deployments" : "/deployments/{name}"
    }
}
