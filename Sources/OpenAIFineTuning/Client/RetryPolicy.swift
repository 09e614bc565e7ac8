/// When to try a failed request again, and after how long. A pure value: the decision depends
/// only on its inputs, so it is tested without a network.
///
/// Retried: connection failures, timeouts, success answers whose body does not decode, and HTTP
/// 408, 409, 429 (but not `insufficient_quota`) and 5xx; an `x-should-retry` header overrides the status. Not retried: everything else, and
/// any wait announced longer than `maxAnnouncedWait` (the account gate still honours it).
/// A request that is not idempotent (job create) is retried only when it cannot have taken effect:
/// a 429, or a connection that never opened.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// The longest announced `Retry-After` this request will sit out before giving up.
    public var maxAnnouncedWait: Duration

    public init(
        maxRetries: Int = 4, initialBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(8), maxAnnouncedWait: Duration = .seconds(120)
    ) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxAnnouncedWait = maxAnnouncedWait
    }

    /// Never retry: for callers that do their own.
    public static let none = RetryPolicy(maxRetries: 0)

    /// What went wrong with one attempt, as far as retrying is concerned.
    public enum Failure: Sendable, Hashable {
        case http(status: Int, quotaExhausted: Bool, shouldRetryHeader: Bool?)
        /// The connection was never established: the server saw nothing.
        case connectFailed
        /// The connection broke, or the answer was cut short, after the request was sent.
        case connectionLost
        case timeout
        /// A success status whose body could not be read (truncated or garbled JSON). The
        /// request was carried out: an idempotent one is retried like a 5xx, a create is not.
        case corruptAnswer
    }

    public enum Decision: Sendable, Hashable {
        case retry(after: Duration)
        case giveUp
    }

    /// - Parameters:
    ///   - retriesSoFar: how many retries were already made for this request.
    ///   - announcedWait: the server's `Retry-After`, if any.
    ///   - jitter: a number in [0, 1); the delay is reduced by up to a quarter of it.
    public func decide(
        _ failure: Failure, retriesSoFar: Int, idempotent: Bool, announcedWait: Duration?,
        jitter: Double
    ) -> Decision {
        guard retriesSoFar < maxRetries, isRetryable(failure, idempotent: idempotent) else {
            return .giveUp
        }
        if let announcedWait, announcedWait > .zero {
            return announcedWait <= maxAnnouncedWait ? .retry(after: announcedWait) : .giveUp
        }
        return .retry(after: backoff(retriesSoFar: retriesSoFar, jitter: jitter))
    }

    /// Exponential backoff: `initial × 2^n`, capped, minus up to 25 % jitter.
    public func backoff(retriesSoFar: Int, jitter: Double) -> Duration {
        let exponential = initialBackoff * (1 << min(retriesSoFar, 20))
        let capped = min(exponential, maxBackoff)
        return capped * (1 - 0.25 * min(max(jitter, 0), 1))
    }

    func isRetryable(_ failure: Failure, idempotent: Bool) -> Bool {
        switch failure {
        case .connectFailed:
            return true
        case .connectionLost, .timeout, .corruptAnswer:
            return idempotent
        case .http(let status, let quotaExhausted, let header):
            if quotaExhausted { return false }
            if status == 429 { return header ?? true }
            guard idempotent else { return false }
            if let header { return header }
            return status == 408 || status == 409 || status >= 500
        }
    }
}
