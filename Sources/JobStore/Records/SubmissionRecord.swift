/// A request to create a fine-tuning job, stored before any API call is made.
public struct SubmissionRecord: Sendable, Hashable, Identifiable {
    /// A UUID chosen by the daemon; sent as `metadata.finetuned_submission` so a job created
    /// before a crash can be found again.
    public var id: String
    public var account: String
    public var state: SubmissionState
    public var trainingFilePath: String
    public var validationFilePath: String?
    public var trainingFileID: String?
    public var validationFileID: String?
    /// The Uploads API id while a large file is being uploaded in parts.
    public var uploadID: String?
    /// The job id once the API created it.
    public var jobID: String?
    /// The create-job request body (without file ids) as JSON text; must be valid JSON.
    public var requestJSON: String
    /// Why the submission failed (state `failed`).
    public var error: String?
    /// The Unix uid of the client that asked for it, if known.
    public var requestedByUID: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    /// When the last job create was sent (Unix seconds), stored before it is sent: a resumed
    /// submission waits until a create still in flight from a killed process has had time to land.
    public var createSentAt: Double?
    /// Jobs that carried this submission's tag beside the one kept, and were cancelled.
    public var duplicateJobIDs: [String] = []

    public init(
        id: String, account: String, state: SubmissionState = .received, trainingFilePath: String,
        validationFilePath: String? = nil, trainingFileID: String? = nil,
        validationFileID: String? = nil, uploadID: String? = nil, jobID: String? = nil,
        requestJSON: String, error: String? = nil, requestedByUID: Int64? = nil,
        createdAt: Int64 = 0, updatedAt: Int64 = 0
    ) {
        self.id = id
        self.account = account
        self.state = state
        self.trainingFilePath = trainingFilePath
        self.validationFilePath = validationFilePath
        self.trainingFileID = trainingFileID
        self.validationFileID = validationFileID
        self.uploadID = uploadID
        self.jobID = jobID
        self.requestJSON = requestJSON
        self.error = error
        self.requestedByUID = requestedByUID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
