extension Wire {
    /// A submission as `Jobs.Submissions` and `Jobs.GetSubmission` show it. `state` is one of
    /// received, validated, uploading, uploaded, creating, waiting (a transient failure; tried
    /// again at `next_attempt_at`), created, failed, cancelled.
    public struct Submission: Codable, Sendable, Equatable {
        public var id: String
        public var account: String
        public var state: String
        /// The step it has reached (the stored state; `failed` for a cancelled one).
        public var step: String
        public var model: String?
        public var training_file: String
        public var validation_file: String?
        public var training_file_id: String?
        public var validation_file_id: String?
        public var job_id: String?
        public var attempts: Int
        public var last_error: String?
        public var next_attempt_at: Double?
        /// Why it failed (state failed or cancelled).
        public var error: String?
        public var created_at: Int64
        public var updated_at: Int64
        public var cancelled_at: Double?
        public var duplicate_job_ids: [String]
        /// SHA-256 of finetuned's own copy of the training / validation file (GetSubmission only).
        public var training_sha256: String?
        public var validation_sha256: String?

        public init(
            id: String, account: String, state: String, step: String, training_file: String,
            attempts: Int, created_at: Int64, updated_at: Int64, duplicate_job_ids: [String] = []
        ) {
            self.id = id
            self.account = account
            self.state = state
            self.step = step
            self.training_file = training_file
            self.attempts = attempts
            self.created_at = created_at
            self.updated_at = updated_at
            self.duplicate_job_ids = duplicate_job_ids
        }
    }

    /// `Jobs.Submissions`.
    public struct SubmissionList: Codable, Sendable, Equatable {
        public var submissions: [Submission]
        public init(submissions: [Submission]) { self.submissions = submissions }
    }

    /// `Jobs.GetSubmission`, `Jobs.CancelSubmission`.
    public struct SubmissionReply: Codable, Sendable, Equatable {
        public var submission: Submission
        public init(submission: Submission) { self.submission = submission }
    }
}
