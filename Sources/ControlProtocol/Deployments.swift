extension Wire {
    /// An Azure deployment as `Models.Deploy`, `Models.Deployments` and `Models.Undeploy` show
    /// it. `state` is `Pending` (stored, Azure's answer not seen yet), Azure's provisioning
    /// state (`Accepted`, `Creating`, `Succeeded`, `Failed`, …), `Deleted` or `Gone` (Azure
    /// removed it). Times are Unix seconds.
    public struct Deployment: Codable, Sendable, Equatable {
        public var name: String
        public var account: String
        public var model: String
        public var job_id: String?
        public var sku: String
        public var capacity: Int
        public var state: String
        /// `user` or `deploy_on_success`.
        public var origin: String
        public var created_at: Double
        public var succeeded_at: Double?
        public var ended_at: Double?
        public var checked_at: Double?
        /// The last chat finetuned sent through it.
        public var used_at: Double?
        /// Hours it has existed (until it ended) and the hosting fee for them, at `hourly_usd`.
        public var hours: Double
        public var hosting_cost_usd: Double
        public var hourly_usd: Double
        /// Where the hourly price comes from.
        public var price_source: String
        /// When Azure deletes it for inactivity (15 days after its last known use).
        public var inactivity_deletion_at: Double?
        /// When a Developer deployment is removed (24 hours after creation).
        public var lifetime_end_at: Double?
        /// Warnings given so far, as the journal has them.
        public var warnings: [String]
        public var error: String?

        public init(
            name: String, account: String, model: String, sku: String, capacity: Int, state: String,
            origin: String, created_at: Double, hours: Double, hosting_cost_usd: Double, hourly_usd: Double,
            price_source: String, warnings: [String] = []
        ) {
            self.name = name
            self.account = account
            self.model = model
            self.sku = sku
            self.capacity = capacity
            self.state = state
            self.origin = origin
            self.created_at = created_at
            self.hours = hours
            self.hosting_cost_usd = hosting_cost_usd
            self.hourly_usd = hourly_usd
            self.price_source = price_source
            self.warnings = warnings
        }
    }

    /// `Models.Deploy`, `Models.Undeploy`.
    public struct DeploymentReply: Codable, Sendable, Equatable {
        public var deployment: Deployment
        public init(deployment: Deployment) { self.deployment = deployment }
    }

    /// `Models.Deployments`.
    public struct DeploymentList: Codable, Sendable, Equatable {
        public var deployments: [Deployment]
        public init(deployments: [Deployment]) { self.deployments = deployments }
    }
}
