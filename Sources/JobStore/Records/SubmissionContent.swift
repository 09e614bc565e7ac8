/// The content a submission's files had when the daemon kept its copies (content store digests).
public struct SubmissionContent: Sendable, Hashable {
    /// SHA-256 of the training file's kept copy; nil until it is kept.
    public var trainingSHA256: String?
    /// SHA-256 of the validation file's kept copy; nil without a validation file or until kept.
    public var validationSHA256: String?

    public init(trainingSHA256: String?, validationSHA256: String?) {
        self.trainingSHA256 = trainingSHA256
        self.validationSHA256 = validationSHA256
    }
}
