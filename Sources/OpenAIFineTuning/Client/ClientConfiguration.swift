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
    /// Called after every HTTP attempt, retries included, on the task that made it. Must be
    /// quick; nil (the default) observes nothing.
    public var onRequestFinished: (@Sendable (RequestObservation) -> Void)?

    public init(
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
        retry: RetryPolicy = .init(), maxResponseBytes: Int = 64 << 20,
        userAgent: String = "finetuned/0.1",
        onRequestFinished: (@Sendable (RequestObservation) -> Void)? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
        self.onRequestFinished = onRequestFinished
    }
}
