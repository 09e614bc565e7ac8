import Foundation

/// The tenant's token endpoint and the instance metadata endpoint of the simulated Azure, and
/// the check of the bearer tokens they mint. Tokens expire after `AzureSimulation.tokenLifetime`.
extension SimulatorCore {
    /// `POST /{tenant}/oauth2/v2.0/token` (client credentials with `client_secret` or a
    /// `client_assertion`) and `GET /metadata/identity/oauth2/token` (needs `Metadata: true`).
    /// Nil for any other path.
    func handleTokenRequest(_ request: SimRequest) -> SimResponse? {
        let segments = request.segments
        let azure = configuration.azure
        if request.method == "GET", segments == ["metadata", "identity", "oauth2", "token"] {
            return state.withLock { state in
                state.requestCounts["GET /metadata/identity/oauth2/token", default: 0] += 1
                guard request.header("metadata") == "true" else {
                    return .json(
                        .object([
                            ("error", .string("invalid_request")),
                            ("error_description", .string("Required metadata header not specified")),
                        ]),
                        status: 400)
                }
                let token = mint(&state)
                // IMDS sends its numbers as strings.
                return .json(
                    .object([
                        ("access_token", .string(token)), ("refresh_token", .string("")),
                        ("expires_in", .string(String(Int(azure.tokenLifetime)))),
                        ("expires_on", .string(String(Int(now + azure.tokenLifetime)))),
                        ("resource", .string(request.query["resource"] ?? "")), ("token_type", .string("Bearer")),
                    ]))
            }
        }
        guard request.method == "POST", segments.count == 4, segments[1...] == ["oauth2", "v2.0", "token"] else {
            return nil
        }
        let form = Self.formFields(request.body)
        return state.withLock { state in
            state.requestCounts["POST /{tenant}/oauth2/v2.0/token", default: 0] += 1
            if let fault = state.injector.rule(for: "POST /{tenant}/oauth2/v2.0/token"), fault.kind == .status {
                return Self.aadError(fault.status ?? 500, "temporarily_unavailable", "AADSTS50001: simulated fault")
            }
            guard segments[0] == azure.tenantID else {
                return Self.aadError(
                    400, "invalid_request",
                    "AADSTS90002: Tenant '\(segments[0])' not found. Check to make sure you have the correct tenant ID."
                )
            }
            guard form["grant_type"] == "client_credentials" else {
                return Self.aadError(
                    400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.")
            }
            guard form["client_id"] == azure.clientID else {
                return Self.aadError(
                    400, "unauthorized_client",
                    "AADSTS700016: Application with identifier '\(form["client_id"] ?? "")' was not found in the directory."
                )
            }
            guard let scope = form["scope"], scope.hasSuffix("/.default") else {
                return Self.aadError(
                    400, "invalid_scope",
                    "AADSTS70011: The provided value for the input parameter 'scope' is not valid.")
            }
            if let secret = form["client_secret"] {
                guard secret == azure.clientSecret else {
                    return Self.aadError(
                        401, "invalid_client",
                        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value."
                    )
                }
            } else if form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                let assertion = form["client_assertion"], assertion.split(separator: ".").count == 3
            {
                _ = assertion
            } else {
                return Self.aadError(
                    401, "invalid_client",
                    "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
                )
            }
            return .json(
                .object([
                    ("token_type", .string("Bearer")), ("expires_in", .int(Int(azure.tokenLifetime))),
                    ("ext_expires_in", .int(Int(azure.tokenLifetime))), ("access_token", .string(mint(&state))),
                ]))
        }
    }

    /// A new token, valid for the configured lifetime.
    private func mint(_ state: inout SimulatorState) -> String {
        let token = "eyJ0eXAiOiJKV1QifQ." + derivedID("", "token/\(state.nextSerial())/\(now)", length: 40) + ".sig"
        state.tokens[token] = now + configuration.azure.tokenLifetime
        state.tokensMinted += 1
        return token
    }

    /// True when `token` was minted here and has not expired.
    func tokenIsValid(_ token: String, _ state: SimulatorState) -> Bool {
        guard let expiry = state.tokens[token] else { return false }
        return now < expiry
    }

    static func aadError(_ status: Int, _ error: String, _ description: String) -> SimResponse {
        .json(
            .object([
                ("error", .string(error)), ("error_description", .string(description)),
                ("error_codes", .array([.int(Int(description.dropFirst(6).prefix { $0.isNumber }) ?? 0)])),
                ("timestamp", .string("2026-11-28 06:00:00Z")), ("trace_id", .string(UUID().uuidString.lowercased())),
                ("correlation_id", .string(UUID().uuidString.lowercased())),
            ]), status: status)
    }

    /// `application/x-www-form-urlencoded` fields.
    static func formFields(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
