/// Why a job failed. The API sends `null`, `{}` or all-null fields for jobs that did not fail;
/// those all decode to a nil `FineTuningJob.error` (see `FineTuningJob.init(from:)`).
public struct JobError: Codable, Sendable, Hashable {
    public var code: String?
    public var message: String?
    public var param: String?

    public init(code: String?, message: String?, param: String? = nil) {
        self.code = code
        self.message = message
        self.param = param
    }

    /// True when the API sent an error object with nothing in it.
    public var isEmpty: Bool { code == nil && message == nil && param == nil }
}
