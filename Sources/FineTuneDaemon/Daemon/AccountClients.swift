import DaemonMetrics
import FoundationEssentials
import Glibc
import Logging
import OpenAIFineTuning

/// One `OpenAIClient` per configured account, built from the configuration and the resolved keys.
/// An Entra ID account's `AccessTokenSource` is `client.account.accessTokens`: the deployments
/// (management plane) ask it for `AzureScope.management` tokens.
/// The environment's `OPENAI_API_KEY` is removed from the process once read, so no child (an
/// `OnJobEnd=` command) can inherit it even by accident.
struct AccountClients: Sendable {
    let entries: [(configuration: AccountConfiguration, client: OpenAIClient)]

    static func make(
        _ configuration: DaemonConfiguration, environment: [String: String], logger: Logger,
        pauses: PauseLedger? = nil, metrics: DaemonMetrics? = nil
    ) throws(ConfigurationError) -> AccountClients {
        var entries: [(AccountConfiguration, OpenAIClient)] = []
        for account in configuration.accounts {
            let (key, tokens, origin) = try AccountCredentials.resolve(account, environment: environment)
            logger.info("account \(account.name): \(account.baseURL.absoluteString), \(origin)")
            let client = OpenAIClient(
                account: OpenAIAccount(
                    name: account.name, baseURL: account.baseURL, authStyle: account.authStyle, apiKey: key,
                    organization: account.organization, project: account.project, accessTokens: tokens),
                configuration: ClientConfiguration(
                    requestTimeout: account.requestTimeout,
                    retry: RetryPolicy(maxRetries: account.maxRetries),
                    onPause: pauses?.recorder(for: account.name),
                    onRequestFinished: metrics.map { $0.requestObserver(account: account.name) }),
                logger: logger)
            entries.append((account, client))
        }
        unsetenv("OPENAI_API_KEY")
        return AccountClients(entries: entries)
    }

    func client(for account: String?) -> (configuration: AccountConfiguration, client: OpenAIClient)? {
        guard let account else { return entries.first }
        return entries.first { $0.configuration.name == account }
    }

    func shutdown() async {
        for entry in entries { try? await entry.client.shutdown() }
    }
}
