import DaemonMetrics
import FoundationEssentials
import JobStore
import Logging
import OpenAIFineTuning
import ServiceLifecycle
import Synchronization
import Systemd
import TrainingData
import UnixSignals

/// The daemon: configuration, store, accounts, poll loop, control socket, and what it tells
/// systemd. This file holds its parts; the lifecycle is in `Daemon+Lifecycle.swift`, reload in
/// `Daemon+Reload.swift`.
///
/// `prepare` does what can fail (each step must succeed before the next): configuration → API
/// keys → store (a corrupt or newer database stops the start here) → control socket → metrics
/// listener. `run()` then runs every part as a `Service` of one `ServiceGroup` (the poll loop,
/// the watchdog, the control and metrics listeners, the submission runner, background work,
/// the retirement check, the deployment loop, the STATUS= refresher), says READY=1, and returns
/// when the group has wound down: after SIGTERM/SIGINT (`Options.handlesSignals`) or `stop()`,
/// every task cancelled and awaited, the clean-stop marker written. SIGHUP reloads.
public final class Daemon: Sendable {
    public struct Options: Sendable {
        public var configPath: String
        /// True when the user named the file (`--config`): then it must exist.
        public var configRequired: Bool
        public var environment: [String: String]
        public var notifier: ServiceNotifier
        /// How long the poll loop may go without progress before the watchdog starves; nil
        /// derives it from the accounts' request timeouts and retries.
        public var stallTimeout: Duration?
        /// The listening socket systemd passed (`LISTEN_FDNAMES=control`), if any.
        public var activatedControlSocket: Int32?
        /// The first wait before a submission that hit a transient API failure is tried again
        /// (it doubles each time, up to ten minutes).
        public var submissionRetryDelay: Duration = .seconds(15)
        /// How long after its request timeout a create that was in flight may still land on the
        /// API: a resumed submission waits that long before it looks the job up or creates it.
        public var createLandingMargin: Duration = .seconds(10)
        /// The listening socket systemd passed for `/metrics` (`LISTEN_FDNAMES=metrics`), if any.
        public var activatedMetricsSocket: Int32?
        /// When the database's pages are all read at start. By default only after a stop that
        /// was not clean (`stop()` leaves a `CleanStopMarker` when everything wound down).
        public var integrityCheck: IntegrityCheck = .afterUncleanStop
        /// The level the process's loggers follow (`SystemdLogging.handlerFactory(identifier:
        /// levelSetting:)`): set to `LogLevel=` at start and on each reload, and by
        /// `io.systemd.service.SetLogLevel`. Nil leaves logging levels alone (tests).
        public var logLevel: LogLevelSetting?
        /// Today, for retirement dates and the end of job creation (tests inject a clock).
        public var clock: @Sendable () -> Date = { Date() }
        /// How often the retirement check runs (models lists refreshed, warnings given).
        public var retirementCheckInterval: Duration = .seconds(3_600)
        /// Where `Jobs.Migrate` finds the kept copies of submitted data; nil: the daemon's own
        /// content store (tests give a stand-in).
        public var keptTrainingData: (any KeptTrainingData)?
        /// Where Azure accounts get management-plane tokens (deployments); nil: from their
        /// Entra ID settings.
        public var managementTokenSources: ManagementTokenSourceFactory?
        /// How often deployments are followed; nil: `WatchingPollInterval=`.
        public var deploymentCheckInterval: Duration?
        /// The clock deployments are timed by (Unix seconds): their cost, warnings and
        /// lifetimes. Tests move it; nil: the wall clock.
        public var deploymentClock: (@Sendable () -> Double)?
        /// Whether `run()` handles the process's signals (the executable): SIGTERM and SIGINT
        /// stop gracefully, SIGHUP reloads. Off in tests, which share their process.
        public var handlesSignals = false
        /// How long a stop may take; then what is not done is abandoned (`stopOverrun`).
        public var stopDeadline: Duration = .seconds(4)
        /// Called when a stop has not wound down within `stopDeadline` (the executable exits);
        /// nil: the stop is only logged as late.
        public var stopOverrun: (@Sendable () -> Void)?

        public init(
            configPath: String = "/etc/finetuned/finetuned.conf", configRequired: Bool = false,
            environment: [String: String] = ProcessInfo.processInfo.environment,
            notifier: ServiceNotifier = ServiceNotifier(), stallTimeout: Duration? = nil,
            activatedControlSocket: Int32? = nil
        ) {
            self.configPath = configPath
            self.configRequired = configRequired
            self.environment = environment
            self.notifier = notifier
            self.stallTimeout = stallTimeout
            self.activatedControlSocket = activatedControlSocket
        }
    }

    /// What is rebuilt on reload.
    struct Running: Sendable {
        var configuration: DaemonConfiguration
        var clients: AccountClients
        var poller: Poller
        /// The shipped training prices with the configuration's `[Pricing]` over them, built
        /// once per (re)load rather than per `Jobs.Get`, which prices every job it answers.
        let trainingPrices: PriceTable

        init(configuration: DaemonConfiguration, clients: AccountClients, poller: Poller) {
            self.configuration = configuration
            self.clients = clients
            self.poller = poller
            var prices = PriceTable.shippedDefaults
            for (model, price) in configuration.trainingPrices { prices.usdPerMillionTrainingTokens[model] = price }
            trainingPrices = prices
        }
    }

    public let store: JobStore
    public let feed = JobFeed()
    let options: Options
    let logger: Logger
    let started = Date()
    let running: Mutex<Running?>
    let watchdog: WatchdogDriver?
    let control: Mutex<ControlServer?> = Mutex(nil)
    /// The poll service: runs the current poller (a reload replaces it).
    let pollService = PollService()
    /// Work on the side (hooks, sweeps, old clients' shutdown), owned and awaited at shutdown.
    let background = BackgroundWork()
    /// The running group, once `run()` has built it (`stop()` triggers its shutdown).
    let group: Mutex<ServiceGroup?> = Mutex(nil)
    /// Set once `stop()` was asked for, so a `run()` that starts later stops at once.
    let stopRequested = Mutex(false)
    /// `run()` has said READY=1.
    let ready = Completion()
    /// `run()` has wound down (the clean-stop marker written or not).
    let ended = Completion()
    /// The daemon's metrics, in a registry of its own; recording only while a `/metrics`
    /// listener is configured (`MetricsListen=`) or activated.
    public let metrics: DaemonMetrics
    let metricsServer: Mutex<MetricsHTTPServer?> = Mutex(nil)
    /// Submissions being carried out now: one runner per submission, never two.
    let submissionRuns = SubmissionRuns()
    /// Whether accounts can fine-tune a model (their model lists, cached).
    let modelCheck = ModelCheck()
    /// One upload step or orphan deletion per content key at a time.
    let uploadGate = UploadGate()
    /// The lock that keeps a second daemon off this database; held while the process lives.
    let databaseLock: DatabaseLock
    /// The last reload that was refused, until a reload succeeds (Service.Status, STATUS=).
    let refusedReload: Mutex<RefusedReload?> = Mutex(nil)
    /// Stores the API's pauses per account, and gives them to new clients.
    let pauses: PauseLedger
    /// The built-in table of announced retirement dates (empty when it cannot be read).
    let announcedRetirements: AnnouncedRetirements
    /// Each account's latest models list.
    let modelCatalog = ModelCatalog()
    /// The nearest shutdown within 7 days, as the last retirement check found it (STATUS=).
    let retiringSoon: Mutex<RetiringSoon?> = Mutex(nil)
    /// Retirement checks, one at a time.
    let retirementChecks = SerialGate()
    /// The daemon's own copies of submitted data, beside the database.
    public let contentStore: ContentStore
    /// Azure deployments: created, followed and deleted through each account's management plane.
    let deployments: DeploymentManager

    /// The daemon's parts, nothing started; only `prepare` makes one.
    init(
        options: Options, logger: Logger, store: JobStore, configuration: DaemonConfiguration, pauses: PauseLedger,
        metrics: DaemonMetrics, lock: DatabaseLock, announced: AnnouncedRetirements
    ) {
        self.announcedRetirements = announced
        self.databaseLock = lock
        self.pauses = pauses
        self.options = options
        self.metrics = metrics
        self.logger = logger
        self.store = store
        self.contentStore = ContentStore(besideDatabase: configuration.databasePath)
        self.running = Mutex(nil)
        self.deployments = DeploymentManager(
            store: store, logger: logger, tokenSources: options.managementTokenSources ?? Self.entraManagementTokens,
            now: options.deploymentClock ?? { Date().timeIntervalSince1970 })
        if let interval = ServiceNotifier.watchdogInterval() ?? Self.watchdogInterval(options.environment) {
            let stall = options.stallTimeout ?? Self.stallTimeout(for: configuration)
            watchdog = WatchdogDriver(
                watchdogInterval: interval, stallTimeout: stall, notifier: options.notifier, logger: logger)
        } else {
            watchdog = nil
        }
    }

    // MARK: Queries the control service uses

    var configuration: DaemonConfiguration? { running.withLock { $0?.configuration } }
    var clients: AccountClients? { running.withLock { $0?.clients } }
    var poller: Poller? { running.withLock { $0?.poller } }

    /// The STATUS= line.
    public var statusLine: String {
        guard let poller, let counts = try? store.activeStatusCounts() else { return "starting" }
        return StatusLine.make(
            counts: counts, poller: poller.status, refusedReload: refusedReload.withLock { $0 },
            retiring: retiringSoon.withLock { $0 })
    }

    func refreshStatus() { _ = options.notifier.status(statusLine) }

    /// Starts tracking a job created elsewhere (dashboard, another tool): fetches it now, stores it
    /// tracked, and polls it from then on.
    public func track(jobID: String, account: String?) async throws -> JobRecord {
        guard let (config, client) = clients?.client(for: account) else {
            throw DaemonError.noSuchAccount(account ?? "(default)")
        }
        let job = try await client.retrieveJob(jobID)
        let stored = try store.job(id: jobID)
        let poller = AccountPoller(
            account: config, client: client, store: store, schedule: configuration?.schedule ?? PollSchedule(),
            progress: {})
        var update = try await poller.fullUpdate(for: job, stored: stored, now: Date())
        update.job.isTracked = true
        return try updates.apply(update, as: .tracking).job
    }
}
