import FoundationEssentials
import Logging
import NIOCore
import NIOHTTP1

/// An answer with a success status.
struct APIResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
    var requestID: String? { headers.first(name: "x-request-id") }
}

extension OpenAIClient {
    /// Sends `request`, retrying as the policy allows, and returns the first success.
    func send(_ request: APIRequest) async throws(OpenAIError) -> APIResponse {
        try await send(request) { $0 }
    }

    /// Sends `request` and decodes a success body as `T`.
    func send<T: Decodable>(_ request: APIRequest, as type: T.Type) async throws(OpenAIError) -> T {
        try await send(request) { response in try JSONCoding.decode(T.self, from: response.body) }
    }

    /// Sends `request`, retrying as the policy allows, and returns the first success that
    /// `read` accepts. A success whose body `read` rejects is a corrupt answer: a transient
    /// fault of that attempt, retried like a 5xx when the request is idempotent. For a request
    /// that is not (a create), the error says that it may have taken effect, since the server
    /// answered with a success status.
    ///
    /// With Entra ID (`AuthStyle.entra`) every attempt carries the source's current token. A 401
    /// answered to a token makes the source forget it, and the request is sent once more with a
    /// new one (not counted as a retry); a second 401 is the answer. A token the issuer refuses
    /// is a final error; one it could not mint now (a timeout, a 5xx) is a transient failure of
    /// the attempt, retried by the policy like a connection that could not be made.
    func send<T>(_ request: APIRequest, read: (APIResponse) throws -> T) async throws(OpenAIError) -> T {
        var retries = 0
        var renewedRefusedToken = false
        while true {
            do {
                try await gate.waitUntilOpen()
            } catch {
                throw OpenAIError(kind: .cancelled, message: "cancelled", request: request.label)
            }
            let failure: OpenAIError
            let retryFailure: RetryPolicy.Failure
            do {
                let token = try await currentToken()
                let response = try await attempt(request, token: token)
                if response.status == 401, let token, !renewedRefusedToken, let source = account.accessTokens {
                    renewedRefusedToken = true
                    await source.invalidate(token, forScope: AzureScope.cognitiveServices)
                    logger.debug("token refused; renewing it once", metadata: ["request": "\(request.label)"])
                    continue
                }
                if (200..<300).contains(response.status) {
                    do {
                        return try read(response)
                    } catch {
                        failure = OpenAIError(
                            kind: .decoding, status: response.status,
                            message: "the answer could not be read: \(Self.describe(decodingError: error))",
                            requestID: response.requestID, request: request.label,
                            mayHaveTakenEffect: !request.idempotent)
                        retryFailure = .corruptAnswer
                    }
                } else {
                    failure = apiError(from: response, request: request)
                    retryFailure = .http(
                        status: response.status,
                        quotaExhausted: failure.isQuotaExhausted || failure.isResourceQuotaExceeded,
                        shouldRetryHeader: response.headers.first(name: "x-should-retry").map { $0 == "true" })
                }
            } catch let unavailable as TokenUnavailable {
                if unavailable.error.isFinal || unavailable.error.kind == .cancelled { throw unavailable.error }
                (failure, retryFailure) = (unavailable.error, .connectFailed)
            } catch let error as OpenAIError {
                throw error
            } catch {
                (failure, retryFailure) = transportError(error, request: request)
            }

            // A rate limit or an overload concerns the account: hold back all of its requests.
            if failure.status == 503
                || (failure.status == 429 && !failure.isQuotaExhausted && !failure.isResourceQuotaExceeded)
            {
                let pause =
                    failure.retryAfter
                    ?? configuration.retry.backoff(retriesSoFar: retries, jitter: .random(in: 0..<1))
                await gate.close(for: pause)
                configuration.onPause?(Date().addingTimeInterval(await gate.remainingClosure.timeInterval))
            }
            let decision = configuration.retry.decide(
                retryFailure, retriesSoFar: retries, idempotent: request.idempotent,
                announcedWait: failure.retryAfter, jitter: .random(in: 0..<1))
            switch decision {
            case .giveUp:
                logger.debug(
                    "request failed",
                    metadata: [
                        "request": "\(request.label)", "error": "\(failure)", "retries": "\(retries)",
                    ])
                throw failure
            case .retry(let delay):
                retries += 1
                logger.debug(
                    "retrying request",
                    metadata: [
                        "request": "\(request.label)", "error": "\(failure)", "retry": "\(retries)",
                        "delay": "\(delay)",
                    ])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw OpenAIError(kind: .cancelled, message: "cancelled", request: request.label)
                }
            }
        }
    }

    /// The token an attempt carries with `AuthStyle.entra`; nil for the other styles.
    /// - Throws: `TokenUnavailable` with the source's error.
    private func currentToken() async throws(TokenUnavailable) -> AccessToken? {
        guard case .entra = account.authStyle else { return nil }
        guard let source = account.accessTokens else {
            throw TokenUnavailable(
                error: OpenAIError(
                    kind: .api, status: 401, message: "AuthStyle=entra without a token source", request: "token"))
        }
        do {
            return try await source.token(forScope: AzureScope.cognitiveServices)
        } catch let error as OpenAIError {
            throw TokenUnavailable(error: error)
        } catch {
            throw TokenUnavailable(error: OpenAIError(kind: .connection, message: "\(error)", request: "token"))
        }
    }

    /// One attempt, reported to `configuration.onRequestFinished` when it ends.
    private func attempt(_ request: APIRequest, token: AccessToken?) async throws -> APIResponse {
        guard let observe = configuration.onRequestFinished else {
            return try await attemptUnobserved(request, token: token)
        }
        let started = ContinuousClock.now
        do {
            let response = try await attemptUnobserved(request, token: token)
            let headers = response.headers.map { (name: $0.name, value: $0.value) }
            observe(
                RequestObservation(
                    endpoint: request.endpoint, status: response.status, duration: ContinuousClock.now - started,
                    rateLimit: RateLimitSnapshot(headers: headers)))
            return response
        } catch {
            observe(
                RequestObservation(endpoint: request.endpoint, status: nil, duration: ContinuousClock.now - started))
            throw error
        }
    }

    /// One attempt: build, send, collect the answer. Throws transport errors untranslated.
    private func attemptUnobserved(_ request: APIRequest, token: AccessToken?) async throws -> APIResponse {
        attempts.add(1, ordering: .relaxed)
        Self.requestCounter?.add()
        var http = HTTPRequest(
            method: request.method, url: url(for: request), headers: headers(for: request, token: token),
            idempotent: request.idempotent)
        switch request.body {
        case .none:
            break
        case .json(let buffer):
            http.headers.replaceOrAdd(name: "content-type", value: "application/json")
            http.body = .bytes(buffer)
        case .multipart(let form):
            http.headers.replaceOrAdd(name: "content-type", value: form.contentType)
            http.body = .stream(length: form.contentLength) { write in
                try await form.withByteStream { stream in
                    for try await chunk in stream { try await write(chunk) }
                }
            }
        }
        return try await execute(http)
    }

    private func execute(_ request: HTTPRequest) async throws(HTTPTransportError) -> APIResponse {
        let started = ContinuousClock.now
        let response = try await http.execute(
            request, timeout: configuration.requestTimeout, maxBodyBytes: configuration.maxResponseBytes)
        let headerPairs = response.headers.map { (name: $0.name, value: $0.value) }
        if let snapshot = RateLimitSnapshot(headers: headerPairs) { await gate.record(snapshot) }
        logger.trace(
            "response",
            metadata: [
                "status": "\(response.status.code)", "elapsed": "\(ContinuousClock.now - started)",
                "request_id": "\(response.headers.first(name: "x-request-id") ?? "-")",
            ])
        return APIResponse(status: Int(response.status.code), headers: response.headers, body: response.body)
    }

    private func url(for request: APIRequest) -> String {
        var base = account.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var query = request.query
        if let version = account.authStyle.apiVersion {
            query.append((name: "api-version", value: version))
        }
        guard !query.isEmpty else { return base + request.path }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.name, value: $0.value) }
        let encoded = (components.percentEncodedQuery ?? "")
            .replacing("+", with: "%2B")
        return base + request.path + "?" + encoded
    }

    private func headers(for request: APIRequest, token: AccessToken?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        switch account.authStyle {
        case .bearer: account.apiKey.withValue { headers.add(name: "authorization", value: "Bearer \($0)") }
        case .azure: account.apiKey.withValue { headers.add(name: "api-key", value: $0) }
        case .entra: token?.secret.withValue { headers.add(name: "authorization", value: "Bearer \($0)") }
        }
        if let organization = account.organization {
            headers.add(name: "openai-organization", value: organization)
        }
        if let project = account.project { headers.add(name: "openai-project", value: project) }
        headers.add(name: "user-agent", value: configuration.userAgent)
        headers.add(name: "accept", value: request.accept)
        return headers
    }

    /// Translates an error-status answer into an `OpenAIError`, scrubbing the key from the text.
    private func apiError(from response: APIResponse, request: APIRequest) -> OpenAIError {
        let envelope = try? JSONCoding.decode(ErrorEnvelope.self, from: response.body)
        let rawMessage =
            envelope?.error?.message ?? envelope?.message
            ?? String(buffer: response.body).prefix(500).trimmingWhitespace()
        let message = account.apiKey.redact(
            rawMessage.isEmpty
                ? HTTPResponseStatus(statusCode: response.status).reasonPhrase : rawMessage)
        return OpenAIError(
            kind: .api, status: response.status, type: envelope?.error?.type,
            code: envelope?.error?.code, param: envelope?.error?.param ?? envelope?.error?.target, message: message,
            requestID: response.requestID, retryAfter: Self.retryAfter(response.headers),
            request: request.label)
    }

    /// Classifies a transport error: did the request surely not reach the server, or may it have?
    private func transportError(
        _ error: any Error, request: APIRequest
    )
        -> (OpenAIError, RetryPolicy.Failure)
    {
        let text = account.apiKey.redact(String(describing: error))
        if error is CancellationError {
            return (
                OpenAIError(kind: .cancelled, message: "cancelled", request: request.label),
                .timeout
            )
        }
        guard let transport = error as? HTTPTransportError else {
            return (
                OpenAIError(
                    kind: .connection, message: "connection lost: \(text)", request: request.label,
                    mayHaveTakenEffect: !request.idempotent),
                .connectionLost
            )
        }
        switch transport.kind {
        case .deadlineExceeded:
            return (
                OpenAIError(
                    kind: .timeout, message: "no answer in time", request: request.label,
                    mayHaveTakenEffect: !request.idempotent), .timeout
            )
        case .connectTimeout:
            return (
                OpenAIError(kind: .connection, message: "connect timed out", request: request.label),
                .connectFailed
            )
        case .cancelled:
            return (OpenAIError(kind: .cancelled, message: "cancelled", request: request.label), .timeout)
        case .connectRefused, .invalidURL:
            return (
                OpenAIError(kind: .connection, message: "could not connect: \(text)", request: request.label),
                .connectFailed
            )
        case .connectionLost, .tls, .responseTooLarge, .malformedResponse:
            return (
                OpenAIError(
                    kind: .connection, message: "connection lost: \(text)",
                    request: request.label, mayHaveTakenEffect: !request.idempotent),
                .connectionLost
            )
        }
    }

    /// `retry-after-ms` (milliseconds) first, then `retry-after` (seconds or an HTTP date).
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        if let text = headers.first(name: "retry-after-ms"), let ms = Double(text), ms > 0 {
            return .milliseconds(Int64(ms.rounded(.up)))
        }
        guard let text = headers.first(name: "retry-after") else { return nil }
        if let seconds = Double(text), seconds > 0 {
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        guard let date = HTTPDate.parse(text) else { return nil }
        let seconds = date.timeIntervalSinceNow
        return seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : nil
    }

    static func describe(decodingError error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "missing key \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context)?:
            return "corrupt data at \(path(context.codingPath)): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "(root)" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// Why an attempt could not carry a token: the source's error, final or transient.
struct TokenUnavailable: Error {
    var error: OpenAIError
}
