/// One deployment of a fine-tuned model on Azure, as the daemon tracks it (see `schemaV4`).
///
/// Times are Unix seconds (fractional). `state` holds Azure's `provisioningState` once Azure
/// answered, or one of the daemon's own states (`DeploymentRecord.pending`, `.deleted`, `.gone`).
public struct DeploymentRecord: Sendable, Hashable, Identifiable {
    /// Stored, the PUT sent or about to be, no answer seen yet.
    public static let pending = "Pending"
    /// Undeployed through finetuned.
    public static let deleted = "Deleted"
    /// Azure no longer has it, and finetuned did not delete it (inactivity, the Developer
    /// tier's lifetime, or someone else).
    public static let gone = "Gone"

    /// The row id; 0 before the record is stored.
    public var id: Int64
    public var account: String
    /// The deployment's name on Azure: what chat requests name as their model.
    public var name: String
    /// The fine-tuned model (or checkpoint) deployed.
    public var model: String
    /// The job that made the model, when known.
    public var jobID: String?
    /// `GlobalStandard`, `Standard` or `Developer`.
    public var sku: String
    public var capacity: Int
    /// `user` or `deploy_on_success`.
    public var origin: String
    public var state: String
    public var createdAt: Double
    public var succeededAt: Double?
    /// When it stopped existing (deleted, gone, failed); nil while it may cost money.
    public var endedAt: Double?
    /// When Azure was last asked about it.
    public var checkedAt: Double?
    /// The last chat finetuned sent through it.
    public var usedAt: Double?
    /// When the inactivity-deletion warning was logged (once).
    public var inactivityWarnedAt: Double?
    /// When the Developer tier's 24-hour removal warning was logged (once).
    public var lifetimeWarnedAt: Double?
    /// Why it failed or ended, in Azure's or finetuned's words.
    public var error: String?

    public init(
        id: Int64 = 0, account: String, name: String, model: String, jobID: String? = nil, sku: String,
        capacity: Int, origin: String = "user", state: String = DeploymentRecord.pending, createdAt: Double,
        succeededAt: Double? = nil, endedAt: Double? = nil, checkedAt: Double? = nil, usedAt: Double? = nil,
        inactivityWarnedAt: Double? = nil, lifetimeWarnedAt: Double? = nil, error: String? = nil
    ) {
        self.id = id
        self.account = account
        self.name = name
        self.model = model
        self.jobID = jobID
        self.sku = sku
        self.capacity = capacity
        self.origin = origin
        self.state = state
        self.createdAt = createdAt
        self.succeededAt = succeededAt
        self.endedAt = endedAt
        self.checkedAt = checkedAt
        self.usedAt = usedAt
        self.inactivityWarnedAt = inactivityWarnedAt
        self.lifetimeWarnedAt = lifetimeWarnedAt
        self.error = error
    }

    /// True until it was deleted, vanished or failed.
    public var isActive: Bool { endedAt == nil }
}
