/// Everything that can go wrong with a request, as one value a caller can inspect.
///
/// API errors carry the HTTP status and the body's `type`, `code`, `param` and `message`, plus the
/// `x-request-id` OpenAI support asks for. Transport failures carry what happened. No error ever
/// holds the API key: messages from the server are scrubbed of it and requests are described by
/// method and path only.
public struct OpenAIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this was. A struct, not an enum, so adding a kind breaks no caller.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String { case api, connection, timeout, decoding, cancelled }
        private let code: Code
        private init(_ code: Code) { self.code = code }

        /// The server answered with an error status.
        public static let api = Kind(.api)
        /// The connection could not be made, or broke before a whole answer arrived.
        public static let connection = Kind(.connection)
        /// No whole answer arrived in time.
        public static let timeout = Kind(.timeout)
        /// The answer arrived but is not what the API promises.
        public static let decoding = Kind(.decoding)
        /// The caller's task was cancelled.
        public static let cancelled = Kind(.cancelled)

        public var description: String { code.rawValue }
    }

    public var kind: Kind
    /// The HTTP status, for `.api` errors.
    public var status: Int?
    /// The error body's `type`, e.g. `invalid_request_error`, `insufficient_quota`.
    public var type: String?
    /// The error body's `code`, e.g. `rate_limit_exceeded`, `invalid_api_key`.
    public var code: String?
    /// The request parameter the error is about, e.g. `training_file`.
    public var param: String?
    public var message: String
    /// The server's `x-request-id`, when there was an answer.
    public var requestID: String?
    /// How long the server asked us to wait (`retry-after-ms` / `retry-after`).
    public var retryAfter: Duration?
    /// The request, as `METHOD /path` without query or headers.
    public var request: String
    /// True when the request may have been carried out although no answer says so (a create whose
    /// connection broke after sending). The caller must find out before trying again.
    public var mayHaveTakenEffect: Bool

    public init(
        kind: Kind, status: Int? = nil, type: String? = nil, code: String? = nil,
        param: String? = nil, message: String, requestID: String? = nil,
        retryAfter: Duration? = nil, request: String, mayHaveTakenEffect: Bool = false
    ) {
        self.kind = kind
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.message = message
        self.requestID = requestID
        self.retryAfter = retryAfter
        self.request = request
        self.mayHaveTakenEffect = mayHaveTakenEffect
    }

    /// Quota exhausted: a 429 that waiting will not cure.
    public var isQuotaExhausted: Bool { type == "insufficient_quota" || code == "insufficient_quota" }

    /// True when trying the same request again cannot succeed. Only what the API documents as
    /// final is final: 400 (bad request), 401 (authentication), 403 (permission; also how a
    /// provider says fine-tuning is closed), 404 (not found) and `insufficient_quota`.
    ///
    /// Everything else is transient: 408, 409, 429, 5xx, any other status, a connection that
    /// broke, a timeout, and a 2xx answer whose body does not decode (a corrupt answer says
    /// nothing final about the request; for a create it means the job may exist). A cancelled
    /// request is not final either: the daemon was stopping, and the work resumes later.
    /// Azure's `quotaExceeded` (a full resource, see `isResourceQuotaExceeded`) is not final.
    public var isFinal: Bool {
        guard kind == .api, let status, !isResourceQuotaExceeded else { return false }
        return isQuotaExhausted || Self.finalStatuses.contains(status)
    }

    /// The HTTP statuses the API documents as final answers.
    public static let finalStatuses: Set<Int> = [400, 401, 403, 404]

    /// True for 401 and 403: the account's credentials or permissions are refused, and waiting
    /// will not cure it.
    public var isRefusal: Bool { kind == .api && (status == 401 || status == 403) }

    public var description: String {
        var text = "\(request): "
        if let status { text += "HTTP \(status) " }
        if kind != .api { text += "\(kind) error: " }
        text += message
        if let code { text += " [code=\(code)]" }
        if let param { text += " [param=\(param)]" }
        if let requestID { text += " (request \(requestID))" }
        return text
    }
}
