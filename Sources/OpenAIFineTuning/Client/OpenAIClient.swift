import FoundationEssentials
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
/// - Each client has its own keep-alive connections (`HTTPTransport`); call `shutdown()` before
///   dropping it, so they close now rather than when the server drops them.
public final class OpenAIClient: Sendable {
    public let account: OpenAIAccount
    public let configuration: ClientConfiguration
    let http: HTTPTransport
    let gate = RequestGate()
    let logger: Logger
    let attempts = Atomic<Int>(0)

    public init(
        account: OpenAIAccount, configuration: ClientConfiguration = .init(),
        logger: Logger = Logger(label: "finetuned.openai")
    ) {
        self.account = account
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "account"] = "\(account.name)"
        self.logger = logger
        self.http = HTTPTransport(configuration: .init(connectTimeout: configuration.connectTimeout))
    }

    /// Closes the client's idle connections; requests in flight finish. Idempotent.
    public func shutdown() async throws {
        http.shutdown()
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

    /// Holds every request of the account back until `date` (a pause a previous process was
    /// given and stored). A date in the past changes nothing.
    public func holdBack(until date: Date) async {
        let seconds = date.timeIntervalSinceNow
        guard seconds > 0 else { return }
        await gate.close(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }

    /// Counts the HTTP requests (every attempt) that the current task and its child tasks send
    /// through any client, while bound with `$requestCounter.withValue(_:)`: what exactly one
    /// poll cycle cost, undisturbed by submissions running beside it.
    @TaskLocal public static var requestCounter: RequestCounter?
}

/// A count of HTTP requests, shared by the tasks that send them (see `OpenAIClient.requestCounter`).
public final class RequestCounter: Sendable {
    private let count = Atomic<Int>(0)
    public init() {}
    func add() { count.add(1, ordering: .relaxed) }
    /// Requests sent so far.
    public var value: Int { count.load(ordering: .relaxed) }
}

extension Duration {
    /// The duration in seconds, as Foundation counts time.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
