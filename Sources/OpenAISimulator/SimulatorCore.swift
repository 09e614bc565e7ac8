import Foundation
import Synchronization

/// The simulated API without its transport: takes a request, returns what to do with it. Routing,
/// authentication, the rate limit, fault injection and bookkeeping happen here; the endpoint
/// handlers live in `Handlers/`.
final class SimulatorCore: Sendable {
    let configuration: SimulatorConfiguration
    let dataDirectory: URL
    private let persistent: Bool
    let state: Mutex<SimulatorState>

    init(configuration: SimulatorConfiguration) throws {
        self.configuration = configuration
        var state = SimulatorState(plan: configuration.faults)
        if let directory = configuration.dataDirectory {
            dataDirectory = directory
            persistent = true
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent("files"), withIntermediateDirectories: true)
            if let snapshot = try SimulatorSnapshot.load(from: directory.appendingPathComponent("state.json")) {
                state.restore(snapshot)
            }
        } else {
            dataDirectory = FileManager.default.temporaryDirectory
                .appendingPathComponent("openai-sim-\(UUID().uuidString)")
            persistent = false
            try FileManager.default.createDirectory(
                at: dataDirectory.appendingPathComponent("files"), withIntermediateDirectories: true)
        }
        self.state = Mutex(state)
    }

    /// Removes the temporary data directory of a non-persistent simulator.
    func discard() {
        if !persistent { try? FileManager.default.removeItem(at: dataDirectory) }
    }

    var now: Double { Date().timeIntervalSince1970 }

    func fileURL(_ id: String) -> URL { dataDirectory.appendingPathComponent("files/\(id)") }

    /// Writes the state if a handler changed it. Called under the lock, so snapshots are ordered.
    func persistIfNeeded(_ state: inout SimulatorState) {
        guard state.dirty else { return }
        state.dirty = false
        guard persistent else { return }
        do {
            try state.snapshot.save(to: dataDirectory.appendingPathComponent("state.json"))
        } catch {
            try? FileHandle.standardError.write(contentsOf: Data("openai-sim: cannot save state: \(error)\n".utf8))
        }
    }

    // MARK: The request pipeline

    func handle(_ request: SimRequest) -> SimOutcome {
        let started = now
        let segments = request.segments
        guard let first = segments.first else {
            return .respond(.notFound("Invalid URL (\(request.method) \(request.path))"))
        }
        if first == "admin" {
            var adminRequest = request
            adminRequest.path = "/" + segments.dropFirst().joined(separator: "/")
            return .respond(handleAdmin(adminRequest))
        }
        if first == "subscriptions" { return handleManagement(request) }
        var prefix = 1
        var azureAPI: AzureAPI?
        if configuration.dialect == .azure {
            if let answer = handleTokenRequest(request) { return .respond(answer) }
            guard first == "openai" else {
                return .respond(.notFound("Invalid URL (\(request.method) \(request.path))"))
            }
            azureAPI = segments.count > 1 && segments[1] == "v1" ? .v1 : .dated
            prefix = azureAPI == .v1 ? 2 : 1
        } else {
            guard first == "v1" || first == "openai" else {
                return .respond(.notFound("Invalid URL (\(request.method) \(request.path))"))
            }
        }
        var apiRequest = request
        apiRequest.path = "/" + segments.dropFirst(prefix).joined(separator: "/")
        let route = Router.route(method: request.method, segments: Array(segments.dropFirst(prefix)))
        let endpoint = route?.endpoint ?? "\(request.method) (unknown)"

        let outcome = state.withLock { state -> SimOutcome in
            state.requestCounts[endpoint, default: 0] += 1
            var record = RequestRecord(
                endpoint: endpoint, path: apiRequest.path, receivedAt: started, status: 0,
                organization: request.header("openai-organization"),
                project: request.header("openai-project"), query: request.query)
            if request.header("content-type")?.hasPrefix("application/json") == true, request.body.count <= 65_536 {
                record.body = String(decoding: request.body, as: UTF8.self)
            }
            state.azureAPI = azureAPI
            defer { state.azureAPI = nil }
            let outcome = pipeline(
                apiRequest, azure: first == "openai", route: route,
                state: &state, record: &record)
            if state.requestLog.count >= 20_000 { state.requestLog.removeFirst(10_000) }
            state.requestLog.append(record)
            persistIfNeeded(&state)
            return outcome.map { decorate($0, started: started, state: &state) }
        }
        guard case .later(let seconds) = outcome, let route else { return outcome }
        // Fault `late`: the request is carried out only now, whether or not its client still waits.
        Thread.sleep(forTimeInterval: seconds)
        return state.withLock { state in
            state.azureAPI = azureAPI
            defer { state.azureAPI = nil }
            let response = route.handler(self, apiRequest, &state)
            persistIfNeeded(&state)
            return .respond(decorate(response, started: started, state: &state))
        }
    }

    private func pipeline(
        _ request: SimRequest, azure: Bool, route: Router.Route?, state: inout SimulatorState,
        record: inout RequestRecord
    ) -> SimOutcome {
        func finish(_ outcome: SimOutcome, fault: String? = nil) -> SimOutcome {
            record.fault = fault
            record.status = outcome.status
            if case .respond(let response) = outcome {
                let header = { (name: String) in response.headers.first { $0.name == name }.flatMap { Double($0.value) }
                }
                record.announcedWait = header("retry-after-ms").map { $0 / 1000 } ?? header("retry-after")
            }
            return outcome
        }
        if let api = state.azureAPI {
            if let failure = azureAuthenticate(request, api: api, state) { return finish(.respond(failure)) }
        } else if let failure = authenticate(request, azure: azure) {
            return finish(.respond(failure))
        }
        guard let route else {
            return finish(.respond(.notFound("Invalid URL (\(request.method) \(request.path))")))
        }
        let limit = state.injector.rateLimit(now: now)
        if let wait = limit.retryAfter {
            var response = SimResponse.error(
                429,
                "Rate limit reached for requests. Limit: \(limit.limit) / min. Please try again in \(Int(wait.rounded(.up)))s.",
                type: "requests", code: "rate_limit_exceeded")
            response.headers.append(("retry-after", String(Int(wait.rounded(.up)))))
            response.headers.append(("retry-after-ms", String(Int((wait * 1000).rounded(.up)))))
            return finish(.respond(response), fault: "rate_limit")
        }
        let rule = state.injector.rule(for: route.endpoint)
        switch rule?.kind {
        case .status?:
            let status = rule?.status ?? 500
            var response = SimResponse.error(
                status, Self.faultMessage(status), type: rule?.type ?? Self.faultType(status),
                code: rule?.code ?? (status == 429 ? "rate_limit_exceeded" : nil))
            if let seconds = rule?.retryAfter { response.headers.append(("retry-after", Self.number(seconds))) }
            if let ms = rule?.retryAfterMs { response.headers.append(("retry-after-ms", Self.number(ms))) }
            return finish(.respond(response), fault: "status")
        case .drop?:
            return finish(.drop, fault: "drop")
        case .truncate?:
            return finish(.truncate(route.handler(self, request, &state)), fault: "truncate")
        case .loseResponse?:
            _ = route.handler(self, request, &state)
            return finish(.drop, fault: "lose_response")
        case .corrupt?:
            // Carried out, then answered with a success status and a body that is not JSON.
            var response = route.handler(self, request, &state)
            response.body = Array(response.body.prefix(response.body.count / 2)) + Array("\u{1}<corrupt>".utf8)
            return finish(.respond(response), fault: "corrupt")
        case .late?:
            return finish(.later(seconds: Double(rule?.delayMs ?? 1000) / 1000), fault: "late")
        case .slow?:
            let response = route.handler(self, request, &state)
            return finish(
                .delay(seconds: Double(rule?.delayMs ?? 1000) / 1000, .respond(response)),
                fault: "slow")
        case nil:
            return finish(.respond(route.handler(self, request, &state)))
        }
    }

    /// Checks the key when one is configured; answers as the API does when it is missing or wrong.
    private func authenticate(_ request: SimRequest, azure: Bool) -> SimResponse? {
        if azure && request.query["api-version"] == nil {
            return .error(
                404, "Resource not found: the api-version query parameter is required.",
                type: "invalid_request_error", code: "404")
        }
        guard let expected = configuration.apiKey else { return nil }
        let presented: String?
        if azure {
            presented = request.header("api-key")
        } else if let authorization = request.header("authorization"), authorization.hasPrefix("Bearer ") {
            presented = String(authorization.dropFirst(7))
        } else {
            presented = nil
        }
        guard let presented, !presented.isEmpty else {
            return .error(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            )
        }
        guard presented == expected else {
            return .error(
                401,
                "Incorrect API key provided: \(Self.mask(presented)). You can find your API key at https://platform.openai.com/account/api-keys.",
                code: "invalid_api_key")
        }
        return nil
    }

    /// Adds the headers every real answer carries.
    private func decorate(
        _ response: SimResponse, started: Double, state: inout SimulatorState
    )
        -> SimResponse
    {
        var response = state.azureAPI == .dated ? Self.datedErrorEnvelope(response) : response
        var random = SystemRandomNumberGenerator()
        let requestID = "req_" + (0..<2).map { _ in String(format: "%016llx", random.next() as UInt64) }.joined()
        let remaining =
            state.injector.plan.requestsPerMinute.map { limit in
                max(0, limit - state.injector.windowCount(now: now))
            } ?? 9_999
        response.headers += [
            ("x-request-id", requestID),
            ("openai-processing-ms", String(Int(((now - started) * 1000).rounded()))),
            ("openai-version", "2020-10-01"),
            ("openai-organization", configuration.organizationID),
            ("x-ratelimit-limit-requests", String(state.injector.plan.requestsPerMinute ?? 10_000)),
            ("x-ratelimit-remaining-requests", String(remaining)),
            ("x-ratelimit-reset-requests", "6ms"),
            ("x-ratelimit-limit-tokens", "2000000"),
            ("x-ratelimit-remaining-tokens", "1999990"),
            ("x-ratelimit-reset-tokens", "0s"),
        ]
        return response
    }

    static func mask(_ key: String) -> String {
        guard key.count > 8 else { return String(repeating: "*", count: key.count) }
        return String(key.prefix(3)) + String(repeating: "*", count: key.count - 7) + String(key.suffix(4))
    }

    private static func faultMessage(_ status: Int) -> String {
        switch status {
        case 429: "Rate limit reached for requests. Please try again later."
        case 503: "The engine is currently overloaded, please try again later."
        case 502: "Bad gateway."
        case 403: "You are not allowed to perform this request."
        default: "The server had an error while processing your request. Sorry about that!"
        }
    }

    private static func faultType(_ status: Int) -> String {
        switch status {
        case 429: "requests"
        case 400..<500: "invalid_request_error"
        default: "server_error"
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension SimOutcome {
    var status: Int {
        switch self {
        case .respond(let response), .truncate(let response): response.status
        case .drop, .later: 0
        case .delay(_, let inner): inner.status
        }
    }

    func map(_ transform: (SimResponse) -> SimResponse) -> SimOutcome {
        switch self {
        case .respond(let response): .respond(transform(response))
        case .truncate(let response): .truncate(transform(response))
        case .drop: .drop
        case .later(let seconds): .later(seconds: seconds)
        case .delay(let seconds, let inner): .delay(seconds: seconds, inner.map(transform))
        }
    }
}
