/// Which failures the simulator injects, chosen per run. Rules are tried in order for each request;
/// the first that matches and whose dice roll hits applies. Rolls come from a generator seeded by
/// `seed`, so the same plan and the same sequence of requests fail the same way every time.
public struct FaultPlan: Codable, Sendable {
    public var seed: UInt64
    public var rules: [FaultRule]
    /// When set, more than this many API requests in a sliding minute get a 429.
    public var requestsPerMinute: Int?

    public init(seed: UInt64 = 1, rules: [FaultRule] = [], requestsPerMinute: Int? = nil) {
        self.seed = seed
        self.rules = rules
        self.requestsPerMinute = requestsPerMinute
    }

    enum CodingKeys: String, CodingKey {
        case seed, rules
        case requestsPerMinute = "requests_per_minute"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        rules = try c.decodeIfPresent([FaultRule].self, forKey: .rules) ?? []
        requestsPerMinute = try c.decodeIfPresent(Int.self, forKey: .requestsPerMinute)
    }
}

/// One kind of failure, for requests that match `endpoint`.
public struct FaultRule: Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// Answer with an error status (429, 500, 503, …) and the API's error envelope.
        case status
        /// Close the connection without answering.
        case drop
        /// Answer late, by `delayMs` (the request is carried out at once).
        case slow
        /// Carry the request out only after `delayMs`, then answer: a create that lands after
        /// its client timed out or was killed.
        case late
        /// Carry the request out and answer with its success status, but a body cut in half and
        /// garbled: a 200 that does not decode.
        case corrupt
        /// Announce the whole body and send only half, then close.
        case truncate
        /// Carry the request out, then close the connection before answering: a create that
        /// succeeded on the server while the client never heard of it.
        case loseResponse = "lose_response"
    }

    public var kind: Kind
    /// `METHOD /path/template` as in the request counts (`GET /fine_tuning/jobs/{id}`), a method
    /// alone (`POST`), or nil for every API request.
    public var endpoint: String?
    public var probability: Double
    /// How many times the rule may fire; nil for no limit.
    public var count: Int?
    public var status: Int?
    /// Sent as `retry-after` (seconds).
    public var retryAfter: Double?
    /// Sent as `retry-after-ms`.
    public var retryAfterMs: Double?
    public var delayMs: Int?
    /// The error body's `code` and `type` (e.g. `insufficient_quota`).
    public var code: String?
    public var type: String?

    public init(
        kind: Kind, endpoint: String? = nil, probability: Double = 1, count: Int? = nil,
        status: Int? = nil, retryAfter: Double? = nil, retryAfterMs: Double? = nil,
        delayMs: Int? = nil, code: String? = nil, type: String? = nil
    ) {
        self.kind = kind
        self.endpoint = endpoint
        self.probability = probability
        self.count = count
        self.status = status
        self.retryAfter = retryAfter
        self.retryAfterMs = retryAfterMs
        self.delayMs = delayMs
        self.code = code
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case kind, endpoint, probability, count, status, code, type
        case retryAfter = "retry_after"
        case retryAfterMs = "retry_after_ms"
        case delayMs = "delay_ms"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint)
        probability = try c.decodeIfPresent(Double.self, forKey: .probability) ?? 1
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        retryAfter = try c.decodeIfPresent(Double.self, forKey: .retryAfter)
        retryAfterMs = try c.decodeIfPresent(Double.self, forKey: .retryAfterMs)
        delayMs = try c.decodeIfPresent(Int.self, forKey: .delayMs)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        type = try c.decodeIfPresent(String.self, forKey: .type)
    }

    func matches(_ endpoint: String) -> Bool {
        guard let pattern = self.endpoint, pattern != "*" else { return true }
        if !pattern.contains(" ") { return endpoint.hasPrefix(pattern + " ") }
        return pattern == endpoint
    }
}
