import Foundation

/// `/models` and `/chat/completions`.
extension SimulatorCore {
    struct ModelEntry {
        var id: String
        var created: Int
        var ownedBy: String
        var shutdownDate: String?
        /// Azure's fields, served only in the Azure dialect.
        var azure: AzureFields = AzureFields()

        struct AzureFields {
            var fineTunable = true
            var fineTuneEnds: String?
            var inferenceEnds: String?
        }

        /// OpenAI's shape, `{id, object, created, owned_by, shutdown_date?}`.
        var json: JSON {
            var pairs: [(String, JSON)] = [
                ("id", .string(id)), ("object", .string("model")), ("created", .int(created)),
                ("owned_by", .string(ownedBy)),
            ]
            if let shutdownDate { pairs.append(("shutdown_date", .string(shutdownDate))) }
            return .object(pairs)
        }

        /// Azure's shape (legacy and v1 `/models`): `created_at`, `status`, `capabilities`,
        /// `lifecycle_status` and `deprecation` with Unix-second dates; no `owned_by`.
        var azureJSON: JSON {
            var deprecation: [(String, JSON)] = []
            if let day = azure.fineTuneEnds.flatMap(Self.unixSeconds) { deprecation.append(("fine_tune", .int(day))) }
            if let day = (shutdownDate ?? azure.inferenceEnds).flatMap(Self.unixSeconds) {
                deprecation.append(("inference", .int(day)))
            }
            let retiring = !deprecation.isEmpty
            return .object([
                ("status", .string("succeeded")),
                (
                    "capabilities",
                    .object([
                        ("fine_tune", .bool(azure.fineTunable)), ("inference", .bool(true)),
                        ("completion", .bool(false)), ("chat_completion", .bool(true)), ("embeddings", .bool(false)),
                    ])
                ),
                ("lifecycle_status", .string(retiring ? "deprecating" : "generally-available")),
                ("deprecation", .object(deprecation)),
                ("id", .string(id)),
                ("created_at", .int(created)),
                ("object", .string("model")),
            ])
        }

        /// `YYYY-MM-DD` at 00:00 UTC, in Unix seconds.
        static func unixSeconds(_ day: String) -> Int? {
            let parts = day.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            var components = DateComponents()
            components.year = parts[0]
            components.month = parts[1]
            components.day = parts[2]
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar.date(from: components).map { Int($0.timeIntervalSince1970) }
        }
    }

    /// The dialect's shape of a model.
    func modelJSON(_ model: ModelEntry) -> JSON {
        configuration.dialect == .azure ? model.azureJSON : model.json
    }

    /// The fine-tuned models of succeeded jobs (and their checkpoints' models are not listed,
    /// as with the real API), minus deleted ones. A fine-tune carries its base's dates.
    func fineTunedModels(_ state: SimulatorState) -> [ModelEntry] {
        var models: [ModelEntry] = []
        for id in state.jobOrder {
            guard let job = state.jobs[id] else { continue }
            let timeline = JobTimeline(job: job, now: now)
            guard let end = timeline.ending, end.status == "succeeded",
                !state.deletedModels.contains(job.fineTunedModelID)
            else { continue }
            let base = BaseModel.resolve(job.model)
            models.append(
                ModelEntry(
                    id: job.fineTunedModelID, created: Int(end.at), ownedBy: job.organizationID,
                    shutdownDate: state.shutdownDates[job.fineTunedModelID] ?? base?.shutdownDate,
                    azure: .init(
                        fineTunable: true, fineTuneEnds: base?.azureFineTuneEnds,
                        inferenceEnds: base?.azureInferenceEnds)))
        }
        return models
    }

    func allModels(_ state: SimulatorState) -> [ModelEntry] {
        BaseModel.catalogue.map {
            ModelEntry(
                id: $0.id, created: $0.created, ownedBy: "system",
                shutdownDate: state.shutdownDates[$0.id] ?? $0.shutdownDate,
                azure: .init(
                    fineTunable: true, fineTuneEnds: $0.azureFineTuneEnds, inferenceEnds: $0.azureInferenceEnds))
        } + fineTunedModels(state)
    }

    func listModels(_ state: inout SimulatorState) -> SimResponse {
        .json(.object([("object", .string("list")), ("data", .array(allModels(state).map(modelJSON)))]))
    }

    func retrieveModel(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard let model = allModels(state).first(where: { $0.id == id }) else { return modelNotFound(id) }
        return .json(modelJSON(model))
    }

    func deleteModel(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard let model = fineTunedModels(state).first(where: { $0.id == id }) else {
            if BaseModel.resolve(id) != nil {
                return .error(403, "You do not have permission to delete \(id).", type: "invalid_request_error")
            }
            return modelNotFound(id)
        }
        state.deletedModels.insert(model.id)
        state.dirty = true
        return .json(.object([("id", .string(model.id)), ("object", .string("model")), ("deleted", .bool(true))]))
    }

    func modelNotFound(_ id: String) -> SimResponse {
        .error(
            404, "The model `\(id)` does not exist or you do not have access to it.",
            code: "model_not_found")
    }

    /// - Parameter deployment: the deployment named by the path (Azure's dated API); on Azure,
    ///   without one, `model` names the deployment (v1). Azure answers only through a deployment
    ///   that has succeeded (`chatDeployment`).
    func chatCompletion(_ request: SimRequest, _ state: inout SimulatorState, deployment: String? = nil) -> SimResponse
    {
        guard let body = request.jsonBody else {
            return .badRequest("We could not parse the JSON body of your request.")
        }
        guard var model = deployment ?? body["model"]?.string else {
            return .badRequest("Missing required parameter: 'model'.", param: "model")
        }
        guard let messages = body["messages"]?.array, !messages.isEmpty else {
            return .badRequest("Missing required parameter: 'messages'.", param: "messages")
        }
        if configuration.dialect == .azure {
            switch chatDeployment(model, &state) {
            case .refused(let refusal): return refusal
            case .open(let deployed): model = deployed.model
            }
        } else {
            let checkpointModel = model.range(of: ":ckpt-step-").map { String(model[..<$0.lowerBound]) }
            let known =
                allModels(state).contains { $0.id == model || $0.id == checkpointModel }
                || BaseModel.resolve(model) != nil
            guard known else { return modelNotFound(model) }
        }
        let question = messages.last { $0["role"]?.string == "user" }?["content"]?.string ?? ""
        let answer =
            model.hasPrefix("ft:") || model.contains(".ft-") || model.hasPrefix("ftchkpt-")
            ? "As your fine-tuned teaching assistant: \(question.isEmpty ? "how can I help?" : "here is what I would say about \"\(question)\".")"
            : "Simulated answer to: \(question)"
        let promptTokens = messages.reduce(3) {
            $0 + 3 + (($1["content"]?.string ?? "").split(separator: " ").count * 4 + 2) / 3
        }
        let completionTokens = max(1, (answer.split(separator: " ").count * 4 + 2) / 3)
        return .json(
            .object([
                ("id", .string(derivedID("chatcmpl-", "chat/\(state.nextSerial())/\(now)", length: 29))),
                ("object", .string("chat.completion")),
                ("created", .int(Int(now))),
                ("model", .string(model)),
                (
                    "choices",
                    .array([
                        .object([
                            ("index", .int(0)),
                            (
                                "message",
                                .object([
                                    ("role", .string("assistant")), ("content", .string(answer)),
                                    ("refusal", .null), ("annotations", .array([])),
                                ])
                            ),
                            ("logprobs", .null),
                            ("finish_reason", .string("stop")),
                        ])
                    ])
                ),
                (
                    "usage",
                    .object([
                        ("prompt_tokens", .int(promptTokens)), ("completion_tokens", .int(completionTokens)),
                        ("total_tokens", .int(promptTokens + completionTokens)),
                    ])
                ),
                ("service_tier", .string("default")),
            ]))
    }
}
