/// What a client reports after each HTTP attempt (`ClientConfiguration.onRequestFinished`): for
/// metrics. Holds no path, id, header or body, only the endpoint template.
public struct RequestObservation: Sendable {
    /// `GET /fine_tuning/jobs/{id}`.
    public var endpoint: String
    /// The answer's status code; nil when no answer came (connection error, timeout, cancel).
    public var status: Int?
    /// From sending the request to the last byte of the answer (or the failure).
    public var duration: Duration
    /// The answer's `x-ratelimit-*` headers, when it had any.
    public var rateLimit: RateLimitSnapshot?
}
