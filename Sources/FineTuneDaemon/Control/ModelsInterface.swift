import ControlProtocol
import FoundationEssentials
import JobStore
import OpenAIFineTuning
import Varlink

/// `io.finetuned.Models`: the fine-tuned models of stored jobs, deletion, and chat.
struct ModelsInterface {
    static let name = ControlInterface.models
    typealias Models = ControlRequest.Models
    let daemon: any ModelsControl

    func make(description: String) throws -> VarlinkInterface {
        var interface = try VarlinkInterface(description: description)
        interface.handle(Models.List.self, access: .read) { parameters, _ in
            try await mapped(interface: Self.name) {
                let models = try daemon.store.models(includeDeleted: parameters.include_deleted ?? false)
                var listed = models.map(dated)
                if parameters.retiring == true {
                    listed = listed.filter { $0.days_left != nil || $0.fine_tune_days_left != nil }.sorted {
                        (min($0.days_left ?? .max, $0.fine_tune_days_left ?? .max), $0.id)
                            < (min($1.days_left ?? .max, $1.fine_tune_days_left ?? .max), $1.id)
                    }
                }
                return VarlinkReply(Wire.ModelList(models: listed))
            }
        }
        interface.handle(Models.Get.self, access: .read) { request, _ in
            try await mapped(interface: Self.name) {
                VarlinkReply(Wire.ModelReply(model: dated(try model(request.id))))
            }
        }
        interface.handle(Models.Delete.self, access: .write) { request, _ in
            try await mapped(interface: Self.name) {
                var record = try model(request.id)
                guard let client = daemon.client(ofAccount: record.account) else {
                    throw DaemonError.noSuchAccount(record.account)
                }
                _ = try await client.deleteModel(record.id)
                record.isDeleted = true
                try daemon.store.upsertModel(record)
                daemon.logger.notice("deleted model \(record.id)", metadata: ["model": .string(record.id)])
                return VarlinkReply(Wire.ModelReply(model: Wire.Model(record)))
            }
        }
        interface.handle(Models.Chat.self, access: .write) { request, _ in
            try await mapped(interface: Self.name) { try await chat(request) }
        }
        DeploymentsMethods(daemon: daemon).install(on: &interface)
        return interface
    }

    /// The model with its retirement dates as of today.
    private func dated(_ record: ModelRecord) -> Wire.Model {
        Wire.Model(record, dates: daemon.retirementDates(of: record), today: daemon.today)
    }

    private func model(_ id: String) throws -> ModelRecord {
        guard let record = try daemon.store.model(id: id) else { throw ControlErrors.noSuchModel(id) }
        return record
    }

    /// Chats with a model named directly or through the job that made it.
    private func chat(_ parameters: Models.Chat) async throws -> VarlinkReply {
        guard !parameters.messages.isEmpty else { throw VarlinkError.invalidParameter("messages") }
        let modelID: String
        var account: String? = nil
        if let jobID = parameters.job {
            guard let job = try daemon.store.job(id: jobID) else { throw ControlErrors.noSuchJob(Self.name, jobID) }
            guard let fineTuned = job.fineTunedModel else {
                throw ControlErrors.noSuchModel("job \(jobID) has no fine-tuned model (it is \(job.status))")
            }
            modelID = fineTuned
            account = job.account
        } else if let model = parameters.model {
            modelID = model
            account = try daemon.store.model(id: model)?.account
        } else {
            throw VarlinkError.invalidParameter("model")
        }
        let route = try daemon.reach(model: modelID, account: account)
        let completion = try await route.chat(
            ChatCompletionRequest(
                model: modelID, messages: parameters.messages.map { ChatMessage(role: $0.role, content: $0.content) },
                temperature: parameters.temperature, maxCompletionTokens: parameters.max_completion_tokens))
        if let deployment = route.deployment { await daemon.deployments.used(deployment) }
        return VarlinkReply(
            Wire.ChatReply(
                model: completion.model, reply: completion.text ?? "",
                finish_reason: completion.choices.first?.finishReason,
                usage: completion.usage.map {
                    Wire.ChatReply.Usage(
                        prompt_tokens: $0.promptTokens, completion_tokens: $0.completionTokens,
                        total_tokens: $0.totalTokens)
                }))
    }
}
