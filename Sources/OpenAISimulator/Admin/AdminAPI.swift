import Foundation

/// The test-only admin API under `/admin` (no auth, not part of OpenAI's API):
///
/// | request | effect |
/// |---|---|
/// | `GET /admin/stats` | request counts per endpoint template, totals, and `tokens_minted` (Azure: tokens the simulated tenant issued) |
/// | `GET /admin/requests` | every request seen: endpoint, time, status, fault |
/// | `POST /admin/faults` | replace the fault plan (`FaultPlan` JSON) |
/// | `POST /admin/jobs/{id}/outcome` | force a job's status now: `{"status": "failed", "error": {"code", "message"}}` |
/// | `POST /admin/preload` | create many jobs at once: `{"count", "status", "model", "metadata"}` |
/// | `POST /admin/models/{id}/shutdown_date` | `{"shutdown_date": "YYYY-MM-DD"}` |
/// | `POST /admin/fine_tuning` | `{"create_disabled_message": "…"}`: creates get 403 (null re-enables) |
/// | `GET /admin/uploads` | every Uploads API upload with its parts in arrival order |
/// | `POST /admin/uploads/{id}/expire` | the upload (or `all`) expires now |
/// | `POST /admin/management` | Azure: `{"role_granted": false}` (every management request 403), `{"fail_next_deployments": N}` |
/// | `POST /admin/deployments/{name}/state` | Azure: `{"provisioning_state": "Failed"}` forces it now; `{"removed": true}` removes it as Azure would |
extension SimulatorCore {
    func handleAdmin(_ request: SimRequest) -> SimResponse {
        let segments = request.segments
        let body = request.jsonBody ?? .object([])
        return state.withLock { state -> SimResponse in
            defer { persistIfNeeded(&state) }
            switch (request.method, segments.first, segments.count) {
            case ("GET", "stats", 1):
                let counts = state.requestCounts.keys.sorted().map { ($0, JSON.int(state.requestCounts[$0]!)) }
                return .json(
                    .object([
                        ("counts", .object(counts)),
                        ("total", .int(state.requestCounts.values.reduce(0, +))),
                        ("jobs", .int(state.jobs.count)),
                        ("tokens_minted", .int(state.tokensMinted)),
                    ]))
            case ("GET", "requests", 1):
                let data = (try? JSONEncoder().encode(state.requestLog)) ?? Data("[]".utf8)
                return SimResponse(
                    status: 200, headers: [("content-type", "application/json")],
                    body: Array(#"{"requests":"#.utf8) + Array(data) + [UInt8(ascii: "}")])
            case ("POST", "faults", 1):
                guard let plan = try? JSONDecoder().decode(FaultPlan.self, from: Data(request.body)) else {
                    return .badRequest(
                        "the body must be a fault plan: {\"seed\", \"rules\": [...], \"requests_per_minute\"}")
                }
                state.injector = FaultInjector(plan: plan)
                return .json(.object([("ok", .bool(true))]))
            case ("POST", "jobs", 3) where segments[2] == "outcome":
                guard let status = body["status"]?.string else { return .badRequest("status is required") }
                return forceOutcome(
                    jobID: segments[1], status: status,
                    error: body["error"].flatMap { error in
                        error["message"]?.string.map {
                            JobFailure(code: error["code"]?.string ?? "server_error", message: $0, param: nil)
                        }
                    }, &state)
            case ("POST", "preload", 1):
                let count = body["count"]?.int ?? 0
                let ids = preload(
                    count: count, status: body["status"]?.string ?? "running",
                    model: body["model"]?.string ?? "gpt-4o-mini",
                    metadata: body["metadata"]?.objectPairs.map { pairs in
                        Dictionary(
                            uniqueKeysWithValues: pairs.compactMap { key, value in value.string.map { (key, $0) } })
                    }, &state)
                return .json(.object([("count", .int(ids.count)), ("ids", .array(ids.map(JSON.string)))]))
            case ("POST", "models", 3) where segments[2] == "shutdown_date":
                state.shutdownDates[segments[1]] = body["shutdown_date"]?.string
                state.dirty = true
                return .json(.object([("ok", .bool(true))]))
            case ("GET", "uploads", 1):
                return adminUploads(state)
            case ("POST", "uploads", 3) where segments[2] == "expire":
                return adminExpireUpload(segments[1], &state)
            case ("POST", "fine_tuning", 1):
                state.createDisabledMessage = body["create_disabled_message"]?.string
                state.dirty = true
                return .json(.object([("ok", .bool(true))]))
            case ("POST", "management", 1), ("POST", "deployments", 3):
                return deploymentAdmin(segments, body, &state)
            default:
                return .notFound("No admin endpoint \(request.method) /admin\(request.path)")
            }
        }
    }

    func forceOutcome(jobID: String, status: String, error: JobFailure?, _ state: inout SimulatorState) -> SimResponse {
        guard var job = state.jobs[jobID] else { return jobNotFound(jobID) }
        job.forcedStatus = status
        job.forcedAt = now
        job.forcedError = error
        state.jobs[jobID] = job
        state.dirty = true
        return .json(jobJSON(job, state))
    }

    /// Creates `count` jobs pinned at `status` (they never move on their own), for load tests.
    func preload(
        count: Int, status: String, model: String, metadata: [String: String]?,
        _ state: inout SimulatorState
    ) -> [String] {
        let base = BaseModel.resolve(model)?.id ?? model
        let plan = JobPlan(
            validatingSeconds: 1, queuedSeconds: 1, secondsPerStep: 1, epochs: 3,
            stepsPerEpoch: 10, batchSize: 1, learningRateMultiplier: 1.8, examples: 10,
            tokensPerEpoch: 1000, validationFailure: nil, hasValidationFile: false)
        var ids: [String] = []
        ids.reserveCapacity(count)
        let created = now
        for _ in 0..<max(0, count) {
            let serial = state.nextSerial()
            var job = SimJob(
                id: derivedID("ftjob-", "preload/\(serial)/\(created)"), createdAt: created, model: base,
                trainingFile: "file-preloaded", validationFile: nil, suffix: nil, seed: serial,
                methodType: "supervised", method: .object([("type", .string("supervised"))]),
                metadata: metadata, integrations: .null, plan: plan,
                organizationID: configuration.organizationID)
            if ["succeeded", "failed", "cancelled"].contains(status) {
                job.forcedStatus = status
                job.forcedAt = created
            }
            job.pinnedStatus = status
            state.insert(job)
            ids.append(job.id)
        }
        return ids
    }
}
