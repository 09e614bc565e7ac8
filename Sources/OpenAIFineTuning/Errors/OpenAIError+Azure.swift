/// Azure OpenAI's answers that look like OpenAI's but mean something else
/// (`../shared/reference/azure-openai-fine-tuning.md`, §1.4 and §5).
extension OpenAIError {
    /// The service did not look for any object: the URL or the api-version is wrong. Azure
    /// answers a dated path without `api-version` with 404 `{"error":{"code":"404","message":
    /// "Resource not found"}}`, and an unknown version with 400 "API version not supported".
    /// Such an answer says nothing about a job: it is a configuration error of the account.
    public var isWrongEndpoint: Bool {
        guard kind == .api else { return false }
        let text = message.lowercased()
        if status == 404 {
            return code == "404" || (param == nil && code == nil && text.hasPrefix("resource not found"))
        }
        if status == 400 { return text.contains("api version not supported") }
        return false
    }

    /// A 404 that means "this object does not exist" (a job, a file, a model), as opposed to a
    /// wrong URL or api-version (`isWrongEndpoint`) or a deployment that is not ready yet.
    public var isObjectNotFound: Bool {
        kind == .api && status == 404 && !isWrongEndpoint && code != "DeploymentNotFound"
    }

    /// An Azure resource's fine-tuning quota is full (one running job, a bounded queue, a file
    /// quota): the legacy error code `quotaExceeded`, whatever the status. Waiting cures it, so
    /// it is not final; it is not a rate limit either, so the account is not held back for it.
    public var isResourceQuotaExceeded: Bool {
        kind == .api && code?.lowercased() == "quotaexceeded"
    }
}
