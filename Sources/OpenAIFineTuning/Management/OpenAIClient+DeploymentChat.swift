/// Chat through an Azure deployment (reference §3, "Inference after deployment"): the dated API
/// posts to `/deployments/{name}/chat/completions?api-version=…` [S6]; the v1 API posts to
/// `/chat/completions` with the deployment's name as `model` [S7]. Never the model id.
extension OpenAIClient {
    public func chatCompletion(
        _ request: ChatCompletionRequest, throughDeployment deployment: String
    )
        async throws(OpenAIError) -> ChatCompletion
    {
        var body = request
        body.model = deployment
        let path: String
        if account.authStyle.isAzure, account.authStyle.apiVersion != nil {
            path = "/deployments/\(pathSegment(deployment))/chat/completions"
        } else {
            path = "/chat/completions"
        }
        let api: APIRequest
        do {
            api = try .post(path, json: body)
        } catch {
            throw OpenAIError(kind: .decoding, message: "cannot encode: \(error)", request: "POST \(path)")
        }
        return try await send(api, as: ChatCompletion.self)
    }
}
