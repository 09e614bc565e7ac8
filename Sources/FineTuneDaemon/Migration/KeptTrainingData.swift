import JobStore

/// The daemon's kept copy of the training data a submission was made from: what a migration
/// re-uploads, since the provider never gives fine-tuning files back.
///
/// The content-addressed store (issue 8, part A) keeps that copy in the state directory; it
/// implements this protocol and the daemon is given it through `Daemon.Options.keptTrainingData`.
/// Until then ``NoKeptTrainingData`` answers nil, and a migration needs `--training-file`.
public protocol KeptTrainingData: Sendable {
    /// The kept copy of `submission`'s data, as paths the daemon can read, or nil when the daemon
    /// has none (a job adopted or tracked rather than submitted here, or data deleted since).
    /// Must not block for long: it is called on the control socket's tasks.
    func keptCopy(of submission: SubmissionRecord) -> KeptFiles?
}

/// Paths of a kept training file and, if the submission had one, validation file.
public struct KeptFiles: Sendable, Hashable {
    public var trainingFile: String
    public var validationFile: String?

    public init(trainingFile: String, validationFile: String? = nil) {
        self.trainingFile = trainingFile
        self.validationFile = validationFile
    }
}

/// No kept copies: every migration needs the user's files.
public struct NoKeptTrainingData: KeptTrainingData {
    public init() {}
    public func keptCopy(of submission: SubmissionRecord) -> KeptFiles? { nil }
}
