import Foundation
import Logging
import OpenAIFineTuning
import OpenAISimulator

/// A simulator speaking Azure, and clients for it: api-key on the v1 or the dated API, or Entra
/// ID tokens minted by the simulated tenant. Real HTTP both ways.
struct AzureFixture {
    static let datedVersion = "2025-04-01-preview"
    let simulator: OpenAISimulator

    static func start(
        tokenLifetime: Double = 3599, queueLimit: Int = 20, timeScale: Double = 100
    ) async throws
        -> AzureFixture
    {
        var configuration = SimulatorConfiguration(timeScale: timeScale, apiKey: SimulatorFixture.apiKey)
        configuration.dialect = .azure
        configuration.azure.tokenLifetime = tokenLifetime
        configuration.azure.queueLimit = queueLimit
        return AzureFixture(simulator: try await OpenAISimulator.start(configuration))
    }

    /// `https://RESOURCE.openai.azure.com/openai/v1` of the simulated resource.
    var v1URL: URL { simulator.rootURL.appendingPathComponent("openai/v1") }

    /// A `SimulatorFixture` whose client speaks `style` to this simulator.
    func fixture(
        _ style: AuthStyle, tokens: (any AccessTokenSource)? = nil, baseURL: URL? = nil,
        retry: RetryPolicy = .init(initialBackoff: .milliseconds(50))
    ) -> SimulatorFixture {
        let url = baseURL ?? (style.apiVersion == nil ? v1URL : simulator.azureBaseURL)
        let client = OpenAIClient(
            account: OpenAIAccount(
                name: "azure", baseURL: url, authStyle: style, apiKey: APIKey(SimulatorFixture.apiKey),
                accessTokens: tokens),
            configuration: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(10), retry: retry))
        return SimulatorFixture(simulator: simulator, client: client, logs: RecordedLogs())
    }

    /// A token source signing in to the simulated tenant with a client secret.
    func secretSource(
        secret: String = "sim-secret", now: @escaping @Sendable () -> Date = { Date() }
    ) -> EntraTokenSource {
        EntraTokenSource(
            credential: .clientSecret(tenantID: "sim-tenant", clientID: "sim-client", secret: APIKey(secret)),
            authorityHost: simulator.rootURL, now: now)
    }

    /// Requests that reached the simulated tenant's token endpoint.
    var tokenRequests: Int { simulator.requestCounts()["POST /{tenant}/oauth2/v2.0/token"] ?? 0 }
}
