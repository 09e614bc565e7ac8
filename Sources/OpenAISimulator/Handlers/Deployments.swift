import Foundation

/// The management plane of Azure OpenAI (Azure Resource Manager), as
/// `../shared/reference/azure-openai-fine-tuning.md` §3 describes it, served when the dialect is
/// `.azure`:
///
/// | request | answer |
/// |---|---|
/// | `PUT …/accounts/{a}/deployments/{name}?api-version=` | create **or update** (ARM's PUT): 201 `Accepted` for a new name, 200 for an existing one, which is replaced |
/// | `GET …/deployments/{name}` | 200 with `provisioningState` (Accepted → Creating → Succeeded, or Failed), 404 once gone |
/// | `GET …/deployments` | `{"value": [...]}` |
/// | `DELETE …/deployments/{name}` | 200, or 204 when there was none |
///
/// A bearer token is required (`Authorization: Bearer …`; an expired one minted by the simulated
/// tenant is refused 401 `ExpiredAuthenticationToken`); `api-version` too (400
/// `MissingApiVersionParameter`). Without the role (`setManagementRole(granted: false)`) every
/// request is refused 403 `AuthorizationFailed`, naming the action. Error codes and texts that
/// the reference marks UNVERIFIED (404 `ResourceNotFound`, 403 `AuthorizationFailed`, 400
/// `DeploymentModelNotSupported` for an unknown model) follow ARM's common shapes.
extension SimulatorCore {
    /// Handles a request whose path starts with `/subscriptions/`: counts and logs it like the
    /// data plane's, applies the fault plan (endpoint templates `PUT /deployments/{name}`, …).
    func handleManagement(_ request: SimRequest) -> SimOutcome {
        let started = now
        let segments = request.segments
        let endpoint = "\(request.method) " + (segments.count == 10 ? "/deployments/{name}" : "/deployments")
        return state.withLock { state -> SimOutcome in
            state.requestCounts[endpoint, default: 0] += 1
            var record = RequestRecord(
                endpoint: endpoint, path: request.path, receivedAt: started, status: 0,
                organization: nil, project: nil, query: request.query)
            if request.body.count <= 65_536, !request.body.isEmpty {
                record.body = String(decoding: request.body, as: UTF8.self)
            }
            var outcome = managementOutcome(request, segments: segments, endpoint: endpoint, state: &state)
            if case .respond(var response) = outcome {
                response.headers.append(("x-ms-request-id", UUID().uuidString.lowercased()))
                outcome = .respond(response)
            }
            record.status = outcome.status
            if state.requestLog.count >= 20_000 { state.requestLog.removeFirst(10_000) }
            state.requestLog.append(record)
            persistIfNeeded(&state)
            return outcome
        }
    }

    private func managementOutcome(
        _ request: SimRequest, segments: [String], endpoint: String,
        state: inout SimulatorState
    ) -> SimOutcome {
        guard configuration.dialect == .azure else {
            return .respond(.notFound("Invalid URL (\(request.method) \(request.path))"))
        }
        guard segments.count == 9 || segments.count == 10, segments[2].lowercased() == "resourcegroups",
            segments[4].lowercased() == "providers", segments[5].lowercased() == "microsoft.cognitiveservices",
            segments[6].lowercased() == "accounts", segments[8].lowercased() == "deployments"
        else {
            return .respond(
                Self.armError(404, "InvalidResourceType", "The resource type could not be found in the namespace."))
        }
        if let refusal = managementAuthentication(request, state) { return .respond(refusal) }
        guard request.query["api-version"].map({ !$0.isEmpty }) == true else {
            return .respond(
                Self.armError(
                    400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests."))
        }
        let resource = "/" + segments[0..<8].joined(separator: "/")
        let name = segments.count == 10 ? segments[9] : nil
        if !state.managementRoleGranted {
            let verb = request.method == "PUT" ? "write" : request.method == "DELETE" ? "delete" : "read"
            return .respond(
                Self.armError(
                    403, "AuthorizationFailed",
                    "The client does not have authorization to perform action "
                        + "'Microsoft.CognitiveServices/accounts/deployments/\(verb)' over scope '\(resource)' or the scope is invalid."
                ))
        }
        // Faults, as on the data plane.
        let rule = state.injector.rule(for: endpoint)
        switch rule?.kind {
        case .status?:
            let status = rule?.status ?? 500
            return .respond(
                Self.armError(
                    status, status == 429 ? "TooManyRequests" : "InternalServerError",
                    "Injected fault \(status)."))
        case .drop?:
            return .drop
        case .loseResponse?:
            _ = handleDeploymentRoute(request, resource: resource, name: name, state: &state)
            return .drop
        case .slow?:
            let response = handleDeploymentRoute(request, resource: resource, name: name, state: &state)
            return .delay(seconds: Double(rule?.delayMs ?? 1000) / 1000, .respond(response))
        default:
            return .respond(handleDeploymentRoute(request, resource: resource, name: name, state: &state))
        }
    }

    /// Checks the bearer token: one minted by the simulated tenant (`handleTokenRequest`) must
    /// not have expired (401 `ExpiredAuthenticationToken`, as ARM answers). A token that does not
    /// look minted here is let through, as the simulated data plane does without an api key, so
    /// tests can stand in a fixed token for Entra ID. (Which scope a token was minted for is not
    /// recorded by the token endpoint, so a data-plane token is not told apart.)
    private func managementAuthentication(_ request: SimRequest, _ state: SimulatorState) -> SimResponse? {
        guard let header = request.header("authorization"), header.hasPrefix("Bearer "), header.count > 7 else {
            return Self.armError(
                401, "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.")
        }
        let token = String(header.dropFirst(7))
        if tokenIsValid(token, state) { return nil }
        if state.tokens[token] != nil {
            return Self.armError(
                401, "ExpiredAuthenticationToken",
                "The access token expiry UTC time is earlier than current UTC time.")
        }
        if token.hasPrefix("eyJ0eXAiOiJKV1QifQ.") {
            return Self.armError(401, "InvalidAuthenticationToken", "The access token is invalid.")
        }
        return nil
    }

    private func handleDeploymentRoute(
        _ request: SimRequest, resource: String, name: String?,
        state: inout SimulatorState
    ) -> SimResponse {
        switch (request.method, name) {
        case ("GET", nil):
            let value = state.deploymentOrder.compactMap { key -> JSON? in
                guard let deployment = state.deployments[key], deployment.resourcePath == resource,
                    let json = deploymentJSON(deployment)
                else { return nil }
                return json
            }
            return .json(.object([("value", .array(value))]))
        case ("GET", let name?):
            guard let deployment = state.deployments[Self.deploymentKey(resource, name)],
                let json = deploymentJSON(deployment)
            else { return Self.deploymentNotFound(name) }
            return .json(json)
        case ("PUT", let name?):
            return putDeployment(request, resource: resource, name: name, state: &state)
        case ("DELETE", let name?):
            let key = Self.deploymentKey(resource, name)
            guard let deployment = state.deployments[key], deploymentJSON(deployment) != nil else {
                state.removeDeployment(key)
                return SimResponse(status: 204, body: [])
            }
            state.removeDeployment(key)
            return .json(.object([]), status: 200)
        default:
            return Self.armError(405, "MethodNotAllowed", "The requested method is not allowed.")
        }
    }

    private func putDeployment(
        _ request: SimRequest, resource: String, name: String, state: inout SimulatorState
    )
        -> SimResponse
    {
        guard let body = request.jsonBody, let skuName = body["sku"]?["name"]?.string,
            let model = body["properties"]?["model"]?["name"]?.string
        else {
            return Self.armError(
                400, "InvalidRequestContent",
                "The request content was invalid: sku.name and properties.model.name are required.")
        }
        guard
            ["standard", "globalstandard", "developertier", "developer", "provisionedmanaged"].contains(
                skuName.lowercased())
        else {
            return Self.armError(
                400, "InvalidResourceProperties",
                "The specified SKU '\(skuName)' of account deployment is not supported by the model '\(model)'.")
        }
        let isCheckpoint = model.hasPrefix("ftchkpt-") || model.hasPrefix("ftckpt_") || model.contains(":ckpt-step-")
        guard isCheckpoint || fineTunedModels(state).contains(where: { $0.id == model }) else {
            return Self.armError(
                400, "DeploymentModelNotSupported",
                "The model '\(model)' is not a fine-tuned model of this resource, or is not supported for deployment.")
        }
        let key = Self.deploymentKey(resource, name)
        let existed = state.deployments[key].flatMap { deploymentJSON($0) } != nil
        var deployment = SimDeployment(
            resourcePath: resource, name: name, model: model,
            modelFormat: body["properties"]?["model"]?["format"]?.string ?? "OpenAI",
            modelVersion: body["properties"]?["model"]?["version"]?.string ?? "1", skuName: skuName,
            capacity: body["sku"]?["capacity"]?.int ?? 1, createdAt: now)
        if state.failNextDeployments > 0 {
            deployment.willFail = true
            state.failNextDeployments -= 1
        }
        state.putDeployment(deployment, key: key)
        // ARM's PUT replaces what was there: that is why clients look before they PUT.
        return .json(deploymentJSON(deployment) ?? .null, status: existed ? 200 : 201)
    }

    /// The deployment as ARM answers it; nil once Azure removed it on its own.
    func deploymentJSON(_ deployment: SimDeployment) -> JSON? {
        guard let state = deployment.provisioningState(now: now, timeScale: configuration.timeScale) else { return nil }
        return .object([
            ("id", .string(deployment.resourcePath + "/deployments/" + deployment.name)),
            ("type", .string("Microsoft.CognitiveServices/accounts/deployments")),
            ("name", .string(deployment.name)),
            ("sku", .object([("name", .string(deployment.skuName)), ("capacity", .int(deployment.capacity))])),
            (
                "properties",
                .object([
                    (
                        "model",
                        .object([
                            ("format", .string(deployment.modelFormat)), ("name", .string(deployment.model)),
                            ("version", .string(deployment.modelVersion)),
                        ])
                    ),
                    ("provisioningState", .string(state)),
                ])
            ),
        ])
    }

    /// The data plane's gate: the deployment a chat names, if it exists and has succeeded; else
    /// the 404 `DeploymentNotFound` Azure answers (reference §1.4). Records the use.
    func chatDeployment(_ name: String, _ state: inout SimulatorState) -> ChatGate {
        guard let key = state.deploymentOrder.first(where: { state.deployments[$0]?.name == name }),
            var deployment = state.deployments[key],
            deployment.provisioningState(now: now, timeScale: configuration.timeScale) == "Succeeded"
        else {
            return .refused(
                .json(
                    .object([
                        (
                            "error",
                            .object([
                                ("code", .string("DeploymentNotFound")),
                                (
                                    "message",
                                    .string(
                                        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."
                                    )
                                ),
                            ])
                        )
                    ]), status: 404))
        }
        deployment.lastUsedAt = now
        state.deployments[key] = deployment
        state.dirty = true
        return .open(deployment)
    }

    /// Whether a chat may go through a deployment.
    enum ChatGate {
        case open(SimDeployment)
        case refused(SimResponse)
    }

    static func deploymentKey(_ resource: String, _ name: String) -> String {
        resource.lowercased() + "/" + name.lowercased()
    }

    static func deploymentNotFound(_ name: String) -> SimResponse {
        armError(
            404, "ResourceNotFound",
            "The Resource 'Microsoft.CognitiveServices/accounts/deployments/\(name)' was not found.")
    }

    /// ARM's error envelope: `{"error": {"code", "message"}}`.
    static func armError(_ status: Int, _ code: String, _ message: String) -> SimResponse {
        .json(.object([("error", .object([("code", .string(code)), ("message", .string(message))]))]), status: status)
    }
}
