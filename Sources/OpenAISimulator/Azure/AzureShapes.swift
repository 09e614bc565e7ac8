import Foundation

/// How the simulated Azure differs from OpenAI in what it answers: ids, statuses, errors.
extension SimulatorCore {
    /// `BASE.ft-HEX[-suffix]`, the hex being the job's (`ftjob-HEX`).
    static func azureModelID(base: String, jobID: String, suffix: String?) -> String {
        let hex = jobID.hasPrefix("ftjob-") ? String(jobID.dropFirst(6)) : jobID
        return "\(base).ft-\(hex)" + (suffix.map { "-\($0)" } ?? "")
    }

    /// A job's status as the dated API names it (`FineTuningState`: created, pending, running,
    /// pausing, paused, resuming, succeeded, cancelled, failed).
    static func datedStatus(_ status: String, resumed: Bool) -> String {
        switch status {
        case "validating_files": "pending"
        case "queued": resumed ? "resuming" : "pending"
        default: status
        }
    }

    /// Rewrites an OpenAI-shaped job object for the Azure API the request used.
    func azureJob(_ json: JSON, job: SimJob, api: AzureAPI) -> JSON {
        guard var pairs = json.objectPairs else { return json }
        func set(_ key: String, _ value: JSON) {
            if let index = pairs.firstIndex(where: { $0.0 == key }) {
                pairs[index].1 = value
            } else {
                pairs.append((key, value))
            }
        }
        pairs.removeAll { $0.0 == "shared_with_openai" || $0.0 == "usage_metrics" }
        if let type = job.trainingType { set("trainingType", .string(type)) }
        guard api == .dated else { return .object(pairs) }
        let status = json["status"]?.string ?? ""
        let resumed = job.pauses.last?.resumedAt != nil
        set("status", .string(Self.datedStatus(status, resumed: resumed)))
        if let index = pairs.firstIndex(where: { $0.0 == "user_provided_suffix" }) {
            pairs[index].0 = "suffix"
        }
        // "auto" is -1 on the dated API.
        if let hyper = json["hyperparameters"]?.objectPairs {
            set("hyperparameters", .object(hyper.map { ($0.0, $0.1.string == "auto" ? .int(-1) : $0.1) }))
        }
        set("organisation_id", .string(""))
        return .object(pairs)
    }

    /// Azure's gateway 401s: a bad key has an `error` object; a bad or expired token has none.
    static func azureUnauthorized(token: Bool) -> SimResponse {
        if token {
            return .json(
                .object([
                    ("statusCode", .int(401)),
                    (
                        "message",
                        .string(
                            "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."
                        )
                    ),
                ]), status: 401)
        }
        return .json(
            .object([
                (
                    "error",
                    .object([
                        ("code", .string("401")),
                        (
                            "message",
                            .string(
                                "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."
                            )
                        ),
                    ])
                )
            ]), status: 401)
    }

    /// A dated path without `api-version`.
    static let azureResourceNotFound = SimResponse.json(
        .object([("error", .object([("code", .string("404")), ("message", .string("Resource not found"))]))]),
        status: 404)

    /// The resource's fine-tuning quota is full (legacy error code `quotaExceeded`; the status,
    /// 429, is this simulator's choice: no source shows the real one).
    static func azureQuotaExceeded(_ message: String) -> SimResponse {
        .json(
            .object([
                (
                    "error",
                    .object([
                        ("code", .string("quotaExceeded")), ("message", .string(message)),
                    ])
                )
            ]), status: 429)
    }

    /// Checks `api-key`, or a bearer token minted by the simulated tenant (or, on v1, the key
    /// as a bearer, as `OpenAI(base_url=…/openai/v1/, api_key=KEY)` sends it).
    func azureAuthenticate(_ request: SimRequest, api: AzureAPI, _ state: SimulatorState) -> SimResponse? {
        if api == .dated, request.query["api-version"] == nil { return Self.azureResourceNotFound }
        if let refusal = Self.azureVersionRefusal(request.query["api-version"], api: api) { return refusal }
        if let authorization = request.header("authorization"), authorization.hasPrefix("Bearer ") {
            let token = String(authorization.dropFirst(7))
            if tokenIsValid(token, state) { return nil }
            if api == .v1, let key = configuration.apiKey, token == key { return nil }
            if configuration.apiKey == nil, state.tokens[token] == nil, !token.hasPrefix("eyJ0eXAiOiJKV1QifQ.") {
                return nil
            }
            return Self.azureUnauthorized(token: true)
        }
        guard let expected = configuration.apiKey else { return nil }
        guard request.header("api-key") == expected else { return Self.azureUnauthorized(token: false) }
        return nil
    }

    /// Azure's limits on one resource: one training job at a time plus `queueLimit` waiting.
    func azureJobQuotaRefusal(_ state: SimulatorState) -> SimResponse? {
        let active = state.jobs.values.filter { JobTimeline(job: $0, now: now).ending == nil }.count
        let limit = 1 + configuration.azure.queueLimit
        guard active >= limit else { return nil }
        return Self.azureQuotaExceeded(
            "The resource already has \(active) active fine-tuning jobs; at most \(limit) (one running, \(configuration.azure.queueLimit) queued). Try again when one has ended."
        )
    }

    /// When the resource's one training slot frees: the latest natural end of its active jobs.
    func azureSlotFreesAt(_ state: SimulatorState) -> Double? {
        state.jobs.values.compactMap { job -> Double? in
            let timeline = JobTimeline(job: job, now: now)
            guard timeline.ending == nil, job.plan.validationFailure == nil else { return nil }
            return timeline.wallTime(active: job.plan.endsAt)
        }.max()
    }
}
