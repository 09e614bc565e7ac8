import Foundation

/// All mutable simulator state. Lives inside a mutex in `SimulatorCore`; every handler gets it
/// `inout` for the duration of one request, so requests are atomic with respect to each other.
struct SimulatorState: Sendable {
    var jobs: [String: SimJob] = [:]
    /// Job ids in creation order (listing is newest first, so it walks this backwards).
    var jobOrder: [String] = []
    var jobPosition: [String: Int] = [:]
    var files: [String: SimFile] = [:]
    var fileOrder: [String] = []
    var uploads: [String: SimUpload] = [:]
    var deletedModels: Set<String> = []
    var shutdownDates: [String: String] = [:]
    var createDisabledMessage: String?
    /// Azure deployments by `SimulatorCore.deploymentKey`, and their keys in creation order.
    var deployments: [String: SimDeployment] = [:]
    var deploymentOrder: [String] = []
    /// Whether the caller holds the management-plane role (false: every request is 403).
    var managementRoleGranted = true
    /// How many of the next new deployments end `Failed`.
    var failNextDeployments = 0
    var serial = 0
    var dirty = false
    /// Azure: bearer tokens minted by the simulated tenant, with their expiry (Unix seconds).
    var tokens: [String: Double] = [:]
    var tokensMinted = 0
    /// Azure: the API of the request being handled (set under the lock for its duration).
    var azureAPI: AzureAPI?

    var injector: FaultInjector
    var requestCounts: [String: Int] = [:]
    var requestLog: [RequestRecord] = []

    init(plan: FaultPlan) { injector = FaultInjector(plan: plan) }

    mutating func nextSerial() -> Int {
        serial += 1
        return serial
    }

    mutating func insert(_ job: SimJob) {
        jobs[job.id] = job
        jobPosition[job.id] = jobOrder.count
        jobOrder.append(job.id)
        dirty = true
    }

    mutating func insert(_ file: SimFile) {
        files[file.id] = file
        fileOrder.append(file.id)
        dirty = true
    }

    var snapshot: SimulatorSnapshot {
        SimulatorSnapshot(
            jobs: jobOrder.compactMap { jobs[$0] }, files: fileOrder.compactMap { files[$0] },
            uploads: Array(uploads.values), deletedModels: deletedModels,
            shutdownDates: shutdownDates, createDisabledMessage: createDisabledMessage, serial: serial,
            deployments: deploymentOrder.compactMap { deployments[$0] })
    }

    mutating func restore(_ snapshot: SimulatorSnapshot) {
        for job in snapshot.jobs { insert(job) }
        for file in snapshot.files { insert(file) }
        for upload in snapshot.uploads { uploads[upload.id] = upload }
        deletedModels = snapshot.deletedModels
        shutdownDates = snapshot.shutdownDates
        createDisabledMessage = snapshot.createDisabledMessage
        serial = snapshot.serial
        for deployment in snapshot.deployments ?? [] {
            putDeployment(deployment, key: SimulatorCore.deploymentKey(deployment.resourcePath, deployment.name))
        }
        dirty = false
    }
}

/// One request as the simulator saw it, for tests: when it arrived and how it was answered.
public struct RequestRecord: Sendable, Codable {
    /// `METHOD /template`, e.g. `GET /fine_tuning/jobs/{id}`.
    public var endpoint: String
    public var path: String
    /// Seconds since 1970, when the request was complete.
    public var receivedAt: Double
    public var status: Int
    /// The fault applied, if any (`status`, `drop`, `slow`, `truncate`, `lose_response`, `rate_limit`).
    public var fault: String?
    public var organization: String?
    public var project: String?
    /// The query string's parameters (e.g. an `after` cursor).
    public var query: [String: String] = [:]
    /// The wait announced with the answer (`retry-after-ms` or `retry-after`), in seconds.
    public var announcedWait: Double?
    /// A JSON request body (up to 64 KiB), so tests can check what clients send.
    public var body: String?

    enum CodingKeys: String, CodingKey {
        case endpoint, path, status, fault, organization, project, query, body
        case receivedAt = "received_at"
        case announcedWait = "announced_wait"
    }
}
