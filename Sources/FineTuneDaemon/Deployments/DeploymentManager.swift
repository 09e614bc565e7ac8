import FoundationEssentials
import JobStore
import Logging
import OpenAIFineTuning
import Synchronization

/// Makes the bearer-token source of an account's management plane, given the account and its
/// data-plane client (whose Entra ID source serves every scope of the account); nil when the
/// account has no Entra ID settings (then it cannot deploy).
public typealias ManagementTokenSourceFactory =
    @Sendable (AccountConfiguration, OpenAIClient?) -> (any AccessTokenSource)?

/// The daemon's Azure deployments: creates and deletes them through each account's management
/// plane, tracks them in the store, and (`DeploymentManager+Monitor`) follows them.
///
/// Contract:
/// - A deployment is stored (`Pending`) before its PUT is sent. A name Azure already has is
///   reported, never overwritten: the PUT (create-or-update on ARM) is sent only after a GET
///   found the name free, or, when resuming a stored row, free or already holding our model.
/// - One operation at a time per stored deployment: the monitor skips rows a call is working on.
/// - Every state change is logged once (`DeploymentReporter`).
public final class DeploymentManager: Sendable {
    struct Account: Sendable {
        var configuration: AccountConfiguration
        var client: AzureManagementClient?
    }

    let store: JobStore
    let reporter: DeploymentReporter
    let logger: Logger
    let tokenSources: ManagementTokenSourceFactory
    let now: @Sendable () -> Double
    /// The configured accounts, in the configuration's order.
    let accounts: Mutex<[Account]> = Mutex([])
    let prices: Mutex<HostingPrices> = Mutex(.shipped)
    /// Rows a deploy or undeploy call is working on.
    let busy: Mutex<Set<Int64>> = Mutex([])
    let passes = Atomic<Int>(0)

    /// How many monitor passes have ended since start (what a pass would do has had its chance).
    public var completedPasses: Int { passes.load(ordering: .acquiring) }

    init(
        store: JobStore, logger: Logger, tokenSources: @escaping ManagementTokenSourceFactory,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.store = store
        self.logger = logger
        self.reporter = DeploymentReporter(logger: logger)
        self.tokenSources = tokenSources
        self.now = now
    }

    /// Takes the accounts of a (re)loaded configuration, with their data-plane clients. The
    /// previous management clients need no closing (they share AsyncHTTPClient's client); calls
    /// still using them finish with them.
    func configure(_ configuration: DaemonConfiguration, clients: AccountClients) {
        var next: [Account] = []
        for account in configuration.accounts {
            var client: AzureManagementClient? = nil
            if account.isAzure, let resource = try? account.deployments.resource(account: account.name),
                let tokens = tokenSources(account, clients.client(for: account.name)?.client)
            {
                client = AzureManagementClient(
                    resource: resource, tokens: tokens,
                    configuration: ClientConfiguration(
                        requestTimeout: account.requestTimeout,
                        retry: RetryPolicy(maxRetries: account.maxRetries)),
                    logger: logger)
            }
            next.append(Account(configuration: account, client: client))
        }
        accounts.withLock { $0 = next }
        prices.withLock { $0 = configuration.hostingPrices }
        // Turning DeployOnSuccess= off and on again starts from then, not from the first time.
        for account in configuration.accounts where account.deployments.deployOnSuccess == nil {
            do {
                try store.clearDeployOnSuccess(account: account.name)
            } catch {
                logger.error("account \(account.name): cannot store DeployOnSuccess=: \(error)")
            }
        }
    }

    /// The account's configuration and management client, or why it cannot deploy.
    func managed(_ name: String) throws -> (AccountConfiguration, AzureManagementClient) {
        guard let account = accounts.withLock({ $0.first { $0.configuration.name == name } }) else {
            throw DaemonError.noSuchAccount(name)
        }
        guard account.configuration.isAzure else { throw DeploymentError.notAzure(account: name) }
        _ = try account.configuration.deployments.resource(account: name)
        guard let client = account.client else { throw DeploymentError.noTokenSource(account: name) }
        return (account.configuration, client)
    }

    /// The configured account named `name`; when nil, the first Azure account (else the first).
    func account(_ name: String?) -> AccountConfiguration? {
        accounts.withLock { accounts in
            if let name { return accounts.first { $0.configuration.name == name }?.configuration }
            return (accounts.first { $0.configuration.isAzure } ?? accounts.first)?.configuration
        }
    }

    var hostingPrices: HostingPrices { prices.withLock { $0 } }

    /// Marks the row busy; false when a call or the monitor works on it already.
    func claim(_ id: Int64) -> Bool { busy.withLock { $0.insert(id).inserted } }

    func release(_ id: Int64) { busy.withLock { _ = $0.remove(id) } }

    /// Runs `body` holding the row, after waiting for whoever holds it now (a monitor pass
    /// holds a row for one lookup).
    func exclusively<T>(_ id: Int64, _ body: () async throws -> T) async throws -> T {
        while !claim(id) { try await Task.sleep(for: .milliseconds(20)) }
        defer { release(id) }
        return try await body()
    }

    /// Stores a new deployment and holds it in one step, so the monitor never sees it free
    /// before the caller sends its PUT. The caller releases it.
    func insertHeld(_ record: DeploymentRecord) throws -> DeploymentRecord {
        try busy.withLock { busy in
            let stored = try store.insertDeployment(record)
            busy.insert(stored.id)
            return stored
        }
    }

    /// Stores `record` and logs the move from `previous` when the state changed.
    @discardableResult
    func save(_ record: DeploymentRecord, from previous: String) throws -> DeploymentRecord {
        try store.updateDeployment(record)
        if record.state != previous { reporter.moved(record, from: previous) }
        return record
    }
}
