/// Which of Azure OpenAI's two data-plane APIs a request used: the v1 API (`/openai/v1/...`, no
/// api-version) or the dated one (`/openai/...?api-version=`), whose shapes differ (201 `pending`
/// on create, Azure's legacy statuses, -1 for "auto" hyperparameters, `suffix`).
enum AzureAPI: Sendable {
    case v1
    case dated
}
