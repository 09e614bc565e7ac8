/// A simulated Azure deployment (management plane). As with jobs, only facts are stored (when it
/// was created, what it serves, what was forced on it); its provisioning state is computed from
/// the clock (`provisioningState(now:timeScale:)`), so it moves without timers and survives a
/// restart where the clock says it should be.
struct SimDeployment: Codable, Sendable {
    /// `/subscriptions/…/accounts/NAME`, as the request spelled it.
    var resourcePath: String
    var name: String
    var model: String
    var modelFormat: String
    var modelVersion: String
    var skuName: String
    var capacity: Int
    /// Real seconds since 1970.
    var createdAt: Double
    /// Provisioning ends `Failed` instead of `Succeeded` (an injected failure).
    var willFail: Bool = false
    /// A state forced by the admin API, effective from `forcedAt`.
    var forcedState: String?
    var forcedAt: Double?
    /// The last chat through it (real seconds), for the inactivity deletion.
    var lastUsedAt: Double?

    /// Simulated seconds spent `Accepted`, then `Creating`, before it settles.
    static let acceptedSeconds = 10.0
    static let creatingSeconds = 110.0
    /// Azure removes a fine-tuned deployment after 15 days without use, and a Developer one after
    /// 24 hours (reference §4).
    static let inactivityLimit = 15.0 * 86_400
    static let developerLifetime = 24.0 * 3_600

    var isDeveloper: Bool { ["developer", "developertier"].contains(skuName.lowercased()) }

    /// The provisioning state at real time `now`, or nil when Azure has removed it on its own.
    func provisioningState(now: Double, timeScale: Double) -> String? {
        let elapsed = (now - createdAt) * timeScale
        if isDeveloper && elapsed >= Self.developerLifetime { return nil }
        let settledAt = Self.acceptedSeconds + Self.creatingSeconds
        if !willFail, forcedState == nil, elapsed >= settledAt {
            let lastUse = max(createdAt + settledAt / timeScale, lastUsedAt ?? 0)
            if (now - lastUse) * timeScale >= Self.inactivityLimit { return nil }
        }
        if let forcedState, let forcedAt, now >= forcedAt { return forcedState }
        if elapsed < Self.acceptedSeconds { return "Accepted" }
        if elapsed < settledAt { return "Creating" }
        return willFail ? "Failed" : "Succeeded"
    }
}
