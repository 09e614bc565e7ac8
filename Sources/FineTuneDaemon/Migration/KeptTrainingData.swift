import JobStore

/// The daemon's kept copy of the training data a submission was made from: what a migration
/// re-uploads, since the provider never gives fine-tuning files back.
///
/// The daemon's content store keeps that copy in the state directory
/// (``ContentStoreKeptTrainingData``, the default); tests may give another through
/// `Daemon.Options.keptTrainingData`. Without a copy, a migration needs `--training-file`.
public protocol KeptTrainingData: Sendable {
    /// The kept copy of `submission`'s data, as paths the daemon can read, or nil when the daemon
    /// has none (a job adopted or tracked rather than submitted here, or data deleted since).
    /// Must not block for long: it is called on the control socket's tasks.
    func keptCopy(of submission: SubmissionRecord) -> KeptCopy?
}

/// Paths of a kept training file and, if the submission had one, validation file.
public struct KeptCopy: Sendable, Hashable {
    public var trainingFile: String
    public var validationFile: String?

    public init(trainingFile: String, validationFile: String? = nil) {
        self.trainingFile = trainingFile
        self.validationFile = validationFile
    }
}

/// The copies in the daemon's content store, found by the sha256 recorded on the submission
/// (`submissions.training_sha256`, `validation_sha256`). Nil when a copy is missing (evicted
/// under `ContentRetention=` / `ContentMaxSize=`, or never made: an adopted or tracked job).
struct ContentStoreKeptTrainingData: KeptTrainingData {
    let store: JobStore
    let content: ContentStore

    func keptCopy(of submission: SubmissionRecord) -> KeptCopy? {
        guard let recorded = try? store.submissionContent(id: submission.id),
            let training = recorded.trainingSHA256.flatMap(content.path(forSHA256:))
        else { return nil }
        var validation: String?
        if let digest = recorded.validationSHA256 {
            guard let path = content.path(forSHA256: digest) else { return nil }
            validation = path
        }
        return KeptCopy(trainingFile: training, validationFile: validation)
    }
}

/// No kept copies: every migration needs the user's files.
public struct NoKeptTrainingData: KeptTrainingData {
    public init() {}
    public func keptCopy(of submission: SubmissionRecord) -> KeptCopy? { nil }
}
