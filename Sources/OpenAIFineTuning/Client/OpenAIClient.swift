import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Synchronization

/// A typed client for the OpenAI fine-tuning, files, uploads, models and chat endpoints, or those
/// of an OpenAI-compatible service (Azure OpenAI and others).
///
/// Contract:
/// - Every request of one client waits at the account's gate: after a 429 or 503 the whole account
///   pauses for the announced `Retry-After` (or the backoff delay), not only the request that got
///   it. Retries follow `ClientConfiguration.retry`.
/// - Errors are `OpenAIError` values; final ones (400, 401, 403, 404, quota) are never retried.
/// - The API key appears only in the auth header: never in a log line, an error, a description.
/// - Call `shutdown()` before dropping a client that created its own `HTTPClient`.
public final class OpenAIClient: Sendable {
    public let account: OpenAIAccount
    public let configuration: ClientConfiguration
    let http: HTTPClient
    private let ownsHTTPClient: Bool
    let gate = RequestGate()
    let logger: Logger
    let attempts = Atomic<Int>(0)

    public init(
        account: OpenAIAccount, configuration: ClientConfiguration = .init(),
        httpClient: HTTPClient? = nil, logger: Logger = Logger(label: "finetuned.openai")
    ) {
        self.account = account
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "account"] = "\(account.name)"
        self.logger = logger
        if let httpClient {
            self.http = httpClient
            self.ownsHTTPClient = false
        } else {
            var config = HTTPClient.Configuration()
            config.timeout.connect = .nanoseconds(
                Int64(configuration.connectTimeout.components.seconds) * 1_000_000_000
                    + configuration.connectTimeout.components.attoseconds / 1_000_000_000)
            config.decompression = .enabled(limit: .ratio(50))
            config.httpVersion = .http1Only
            self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
            self.ownsHTTPClient = true
        }
    }

    /// Closes the connections of a client-owned `HTTPClient`. Idempotent.
    public func shutdown() async throws {
        if ownsHTTPClient { try await http.shutdown() }
    }

    /// The rate-limit headers last seen on this account, if any.
    public var rateLimit: RateLimitSnapshot? {
        get async { await gate.rateLimit }
    }

    /// HTTP requests sent so far (every attempt, retries included): what a poll cycle costs.
    public var requestsSent: Int { attempts.load(ordering: .relaxed) }

    /// How long the account's gate stays closed from now (zero when requests flow freely).
    public var backoffRemaining: Duration {
        get async { await gate.remainingClosure }
    }
}
