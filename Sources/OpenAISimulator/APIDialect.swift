/// Which service the simulator imitates.
///
/// - `openAI`: api.openai.com (`/v1/...`, `Authorization: Bearer`).
/// - `azure`: Azure OpenAI, as `../shared/reference/azure-openai-fine-tuning.md` describes it:
///   the v1 paths (`/openai/v1/...`) and the dated ones (`/openai/...?api-version=`), the
///   `api-key` header or Entra ID bearer tokens, Azure's ids, statuses and model-list fields, and
///   the management plane's deployments.
public enum APIDialect: String, Sendable, CaseIterable {
    case openAI = "openai"
    case azure
}
