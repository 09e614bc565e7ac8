#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the metrics copy from the store before a scrape: plain values, so this module needs no
/// database. The daemon fills it (`Daemon.storeFigures()`).
public struct StoreFigures: Sendable {
    public struct JobCount: Sendable {
        public var account: String
        public var status: String
        public var count: Int
        public init(account: String, status: String, count: Int) {
            self.account = account
            self.status = status
            self.count = count
        }
    }

    public struct TrainedTokens: Sendable {
        public var account: String
        public var baseModel: String
        public var tokens: Int64
        public init(account: String, baseModel: String, tokens: Int64) {
            self.account = account
            self.baseModel = baseModel
            self.tokens = tokens
        }
    }

    public struct DeploymentKey: Sendable, Hashable {
        public var account: String
        public var deployment: String
        public init(account: String, deployment: String) {
            self.account = account
            self.deployment = deployment
        }
    }

    public var jobs: [JobCount] = []
    /// Trained tokens of succeeded jobs, by account and base model.
    public var trainedTokens: [TrainedTokens] = []
    /// Estimated training cost of succeeded jobs (USD), by account.
    public var costUSD: [String: Double] = [:]
    /// Announced shutdowns of the models in the store (not deleted), by model id.
    public var modelShutdowns: [String: Date] = [:]
    /// When Azure deletes each active deployment, by account and deployment name.
    public var deploymentDeletions: [DeploymentKey: Date] = [:]
    public var controlConnections = 0

    public init() {}
}
