import FoundationEssentials

/// Timeouts and retry behaviour of an `OpenAIClient`.
public struct ClientConfiguration: Sendable {
    /// How long establishing a connection may take.
    public var connectTimeout: Duration
    /// How long one attempt may take, from sending the request to the last byte of the answer.
    public var requestTimeout: Duration
    public var retry: RetryPolicy
    /// Answers larger than this are refused (a results file is small; a runaway body is not).
    public var maxResponseBytes: Int
    public var userAgent: String
    /// Called whenever the account's gate closes (a 429 or 503), with the wall-clock time before
    /// which no request of the account may be sent. The daemon stores it, so that a restarted
    /// process honours a pause its predecessor was given.
    public var onPause: (@Sendable (Date) -> Void)?
    /// Called after every HTTP attempt, retries included, on the task that made it. Must be
    /// quick; nil (the default) observes nothing.
    public var onRequestFinished: (@Sendable (RequestObservation) -> Void)?

    public init(
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
        retry: RetryPolicy = .init(), maxResponseBytes: Int = 64 << 20,
        userAgent: String = "finetuned/0.1", onPause: (@Sendable (Date) -> Void)? = nil,
        onRequestFinished: (@Sendable (RequestObservation) -> Void)? = nil
    ) {
        self.onPause = onPause
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
        self.onRequestFinished = onRequestFinished
    }
}
