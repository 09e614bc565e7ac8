/// Models and chat completions.
extension OpenAIClient {
    /// Every model the account can use, base and fine-tuned (one page: the API does not paginate).
    public func listModels() async throws(OpenAIError) -> [Model] {
        try await send(.get("/models"), as: ListPage<Model>.self).data
    }

    public func retrieveModel(_ id: String) async throws(OpenAIError) -> Model {
        try await send(.get("/models/\(pathSegment(id))"), as: Model.self)
    }

    /// Deletes a fine-tuned model (the API wants the Owner role).
    public func deleteModel(_ id: String) async throws(OpenAIError) -> DeletionStatus {
        try await send(.delete("/models/\(pathSegment(id))"), as: DeletionStatus.self)
    }

    /// A (non-streaming) chat completion, e.g. with a fine-tuned model.
    public func chatCompletion(
        _ request: ChatCompletionRequest
    ) async throws(OpenAIError)
        -> ChatCompletion
    {
        let api: APIRequest
        do {
            api = try .post("/chat/completions", json: request)
        } catch {
            throw OpenAIError(
                kind: .decoding, message: "cannot encode: \(error)",
                request: "POST /chat/completions")
        }
        return try await send(api, as: ChatCompletion.self)
    }
}
