import Foundation

/// `/fine_tuning/jobs`: create, list, retrieve, cancel, pause, resume.
extension SimulatorCore {
    func createJob(_ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        if let message = state.createDisabledMessage {
            return .error(403, message, type: "invalid_request_error", code: "fine_tuning_unavailable")
        }
        guard let body = request.jsonBody, body.objectPairs != nil else {
            return .badRequest(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)"
            )
        }
        guard let modelName = body["model"]?.string else {
            return .badRequest(
                "Missing required parameter: 'model'.", param: "model",
                code: "missing_required_parameter")
        }
        guard let baseModel = resolveTrainableModel(modelName, state) else {
            return .badRequest(
                "Model \(modelName) is not available for fine-tuning or does not exist.",
                param: "model", code: "model_not_available")
        }
        guard let trainingFileID = body["training_file"]?.string else {
            return .badRequest(
                "Missing required parameter: 'training_file'.", param: "training_file",
                code: "missing_required_parameter")
        }
        guard let trainingFile = state.files[trainingFileID], trainingFile.purpose == "fine-tune" else {
            return .badRequest(
                "invalid training_file: \(trainingFileID)", param: "training_file",
                code: "invalid_training_file")
        }
        if state.azureAPI != nil, let refusal = azureJobQuotaRefusal(state) { return refusal }
        let trainingType = body["trainingType"]?.string
        if state.azureAPI != nil, let type = trainingType,
            !["globalstandard", "standard", "developer", "developertier"].contains(type.lowercased())
        {
            return .badRequest("Invalid value for 'trainingType': \(type).", param: "trainingType")
        }
        let validationFileID = body["validation_file"]?.string
        if let id = validationFileID, state.files[id]?.purpose != "fine-tune" {
            return .badRequest("invalid validation_file: \(id)", param: "validation_file")
        }
        let suffix = body["suffix"]?.string
        if let suffix, suffix.isEmpty || suffix.count > 64 {
            return .badRequest("suffix must be between 1 and 64 characters long.", param: "suffix")
        }
        var metadata: [String: String]? = nil
        if let pairs = body["metadata"]?.objectPairs {
            guard pairs.count <= 16 else {
                return .badRequest(
                    "Invalid 'metadata': too many properties. Expected an object with at most 16 properties.",
                    param: "metadata")
            }
            var map: [String: String] = [:]
            for (key, value) in pairs {
                guard key.count <= 64, let text = value.string, text.count <= 512 else {
                    return .badRequest(
                        "Invalid 'metadata.\(key)': keys are at most 64 characters and values strings of at most 512.",
                        param: "metadata")
                }
                map[key] = text
            }
            metadata = map
        }
        let seed = body["seed"]?.int ?? Int(stableHash(trainingFileID + "\(state.serial)") % 2_147_483_647)
        guard (0...2_147_483_647).contains(seed) else {
            return .badRequest("seed must be between 0 and 2147483647.", param: "seed")
        }
        let methodType = body["method"]?["type"]?.string ?? "supervised"
        guard ["supervised", "dpo", "reinforcement"].contains(methodType) else {
            return .badRequest("Invalid value for 'method.type': \(methodType).", param: "method.type")
        }
        let hyper = body["method"]?[methodType]?["hyperparameters"] ?? body["hyperparameters"]
        let requestedEpochs = hyper?["n_epochs"]?.int
        let requestedBatch = hyper?["batch_size"]?.int
        let requestedRate = hyper?["learning_rate_multiplier"]?.double
        if let epochs = requestedEpochs, !(1...50).contains(epochs) {
            return .badRequest("n_epochs must be between 1 and 50.", param: "hyperparameters.n_epochs")
        }
        if let batch = requestedBatch, !(1...256).contains(batch) {
            return .badRequest("batch_size must be between 1 and 256.", param: "hyperparameters.batch_size")
        }
        if let rate = requestedRate, rate <= 0 {
            return .badRequest(
                "learning_rate_multiplier must be positive.",
                param: "hyperparameters.learning_rate_multiplier")
        }

        let content = (try? [UInt8](Data(contentsOf: fileURL(trainingFileID)))) ?? []
        let inspection = TrainingFileInspector.inspect(content, method: methodType)
        let examples = max(1, inspection.examples)
        let epochs = requestedEpochs ?? JobPlan.defaultEpochs(examples: examples)
        let batch = requestedBatch ?? JobPlan.defaultBatchSize(examples: examples)
        let scale = max(configuration.timeScale, 1e-6)
        // Azure trains one job per resource at a time: this one waits in the queue until the
        // slot frees.
        var queuedSeconds = JobPlan.queuedBase / scale
        if state.azureAPI != nil, let frees = azureSlotFreesAt(state) {
            queuedSeconds = max(queuedSeconds, frees - now - JobPlan.validatingBase / scale + queuedSeconds / 10)
        }
        let plan = JobPlan(
            validatingSeconds: JobPlan.validatingBase / scale, queuedSeconds: queuedSeconds,
            secondsPerStep: JobPlan.stepBase / scale, epochs: epochs,
            stepsPerEpoch: max(1, (examples + batch - 1) / batch), batchSize: batch,
            learningRateMultiplier: requestedRate ?? 1.8, examples: examples,
            tokensPerEpoch: inspection.approximateTokens, validationFailure: inspection.failure,
            hasValidationFile: validationFileID != nil)

        let serial = state.nextSerial()
        var method = body["method"] ?? .object([("type", .string("supervised"))])
        method = Self.resolvedMethod(method, type: methodType, plan: plan)
        let jobID =
            state.azureAPI != nil
            ? "ftjob-" + derivedHex("job/\(serial)/\(now)") : derivedID("ftjob-", "job/\(serial)/\(now)")
        var job = SimJob(
            id: jobID, createdAt: now, model: baseModel,
            trainingFile: trainingFileID, validationFile: validationFileID, suffix: suffix, seed: seed,
            methodType: methodType, method: method, metadata: metadata,
            integrations: body["integrations"] ?? .null, plan: plan,
            organizationID: configuration.organizationID)
        if state.azureAPI != nil {
            job.azure = true
            job.trainingType = trainingType
        }
        state.insert(job)
        // The dated API answers a create 201 with a location header and status `pending`.
        guard state.azureAPI == .dated else { return .json(jobJSON(job, state)) }
        var response = SimResponse.json(jobJSON(job, state), status: 201)
        response.headers.append(("location", "/openai/fine_tuning/jobs/\(job.id)"))
        return response
    }

    func listJobs(_ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        let limit = max(1, Int(request.query["limit"] ?? "") ?? 20)
        var filters: [(String, String)] = []
        for (key, value) in request.query where key.hasPrefix("metadata[") && key.hasSuffix("]") {
            filters.append((String(key.dropFirst(9).dropLast()), value))
        }
        var index = state.jobOrder.count - 1
        if let after = request.query["after"] {
            guard let position = state.jobPosition[after] else {
                return .notFound("No fine-tuning job found with id \(after).", param: "after")
            }
            index = position - 1
        }
        var page: [JSON] = []
        var hasMore = false
        while index >= 0 {
            let job = state.jobs[state.jobOrder[index]]!
            index -= 1
            if !filters.allSatisfy({ job.metadata?[$0.0] == $0.1 }) { continue }
            if page.count == limit {
                hasMore = true
                break
            }
            page.append(jobJSON(job, state))
        }
        return .json(.object([("object", .string("list")), ("data", .array(page)), ("has_more", .bool(hasMore))]))
    }

    func retrieveJob(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard let job = state.jobs[id] else { return jobNotFound(id) }
        return .json(jobJSON(job, state))
    }

    func cancelJob(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard var job = state.jobs[id] else { return jobNotFound(id) }
        let status = JobTimeline(job: job, now: now).snapshot.status
        guard !["succeeded", "failed", "cancelled"].contains(status) else {
            return .badRequest("Job has already completed: \(status).", param: "fine_tuning_job_id")
        }
        job.cancelledAt = now
        state.jobs[id] = job
        state.dirty = true
        return .json(jobJSON(job, state))
    }

    func pauseJob(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard var job = state.jobs[id] else { return jobNotFound(id) }
        let timeline = JobTimeline(job: job, now: now)
        guard timeline.snapshot.status == "running" else {
            return .badRequest(
                "Only running jobs can be paused; this job is \(timeline.snapshot.status).",
                param: "fine_tuning_job_id")
        }
        job.pauses.append(PauseInterval(start: now, activeAtStart: timeline.activeSeconds(at: now)))
        state.jobs[id] = job
        state.dirty = true
        return .json(jobJSON(job, state))
    }

    func resumeJob(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard var job = state.jobs[id] else { return jobNotFound(id) }
        guard JobTimeline(job: job, now: now).snapshot.status == "paused", var pause = job.pauses.last else {
            return .badRequest("Only paused jobs can be resumed.", param: "fine_tuning_job_id")
        }
        pause.resumedAt = now
        // Back in the queue briefly, as the API answers `queued` to a resume.
        pause.requeuedUntil = now + job.plan.queuedSeconds / 4
        job.pauses[job.pauses.count - 1] = pause
        state.jobs[id] = job
        state.dirty = true
        return .json(jobJSON(job, state))
    }

    func jobNotFound(_ id: String) -> SimResponse {
        .notFound("No fine-tuning job found with id \(id).", param: "fine_tuning_job_id")
    }

    /// The model a job trains from: a base model (by id or alias) or an existing fine-tuned one.
    func resolveTrainableModel(_ name: String, _ state: SimulatorState) -> String? {
        if let base = BaseModel.resolve(name) { return base.id }
        if name.hasPrefix("ft:") || name.contains(".ft-"), fineTunedModels(state).contains(where: { $0.id == name }) {
            return name
        }
        return nil
    }

    /// The job as the API shows it now.
    func jobJSON(_ job: SimJob, _ state: SimulatorState) -> JSON {
        let snapshot = JobTimeline(job: job, now: now).snapshot
        let started = snapshot.status != "validating_files"
        let succeeded = snapshot.status == "succeeded"
        let error: JSON =
            snapshot.error.map { failure in
                .object([
                    ("code", .string(failure.code)), ("message", .string(failure.message)),
                    ("param", .optional(failure.param)),
                ])
            } ?? .object([])  // The real API sends `{}` for jobs that did not fail.
        let hyperparameters: JSON = .object([
            ("batch_size", started ? .int(job.plan.batchSize) : .string("auto")),
            ("learning_rate_multiplier", started ? .double(job.plan.learningRateMultiplier) : .string("auto")),
            ("n_epochs", started ? .int(job.plan.epochs) : .string("auto")),
        ])
        let json: JSON = .object([
            ("object", .string("fine_tuning.job")),
            ("id", .string(job.id)),
            ("model", .string(job.model)),
            ("created_at", .int(Int(job.createdAt))),
            ("finished_at", .optional(snapshot.finishedAt.map { Int($0) })),
            ("fine_tuned_model", succeeded ? .string(job.fineTunedModelID) : .null),
            ("organization_id", .string(job.organizationID)),
            ("result_files", .array(succeeded ? [.string(job.resultFileID)] : [])),
            ("status", .string(snapshot.status)),
            ("validation_file", .optional(job.validationFile)),
            ("training_file", .string(job.trainingFile)),
            ("hyperparameters", job.methodType == "supervised" ? hyperparameters : .null),
            ("trained_tokens", succeeded ? .int(job.plan.tokensPerEpoch * job.plan.epochs) : .null),
            ("error", error),
            ("user_provided_suffix", .optional(job.suffix)),
            ("seed", .int(job.seed)),
            ("estimated_finish", .optional(snapshot.estimatedFinish.map { Int($0) })),
            ("integrations", job.integrations),
            (
                "metadata",
                job.metadata.map { map in
                    .object(map.keys.sorted().map { ($0, .string(map[$0]!)) })
                } ?? .null
            ),
            ("method", job.method),
            ("usage_metrics", .null),
            ("shared_with_openai", .bool(false)),
        ])
        guard let api = state.azureAPI else { return json }
        return azureJob(json, job: job, api: api)
    }

    /// The method object with the job's resolved hyperparameters filled in.
    static func resolvedMethod(_ method: JSON, type: String, plan: JobPlan) -> JSON {
        var pairs = method.objectPairs ?? [("type", .string(type))]
        var settings = pairs.first { $0.0 == type }?.1.objectPairs ?? []
        var hyper = settings.first { $0.0 == "hyperparameters" }?.1.objectPairs ?? []
        func set(_ key: String, _ value: JSON) {
            if let index = hyper.firstIndex(where: { $0.0 == key }) {
                hyper[index].1 = value
            } else {
                hyper.append((key, value))
            }
        }
        set("batch_size", .int(plan.batchSize))
        set("learning_rate_multiplier", .double(plan.learningRateMultiplier))
        set("n_epochs", .int(plan.epochs))
        if let index = settings.firstIndex(where: { $0.0 == "hyperparameters" }) {
            settings[index].1 = .object(hyper)
        } else {
            settings.append(("hyperparameters", .object(hyper)))
        }
        if let index = pairs.firstIndex(where: { $0.0 == type }) {
            pairs[index].1 = .object(settings)
        } else {
            pairs.append((type, .object(settings)))
        }
        return .object(pairs)
    }
}
