import DaemonMetrics
import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import ServiceLifecycle
import Synchronization
import Systemd
import UnixSignals

/// The daemon's lifecycle: configuration, store, accounts, poll loop, control socket, and what it
/// tells systemd.
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
    }

    public let store: JobStore
    public let feed = JobFeed()
    let options: Options
    let logger: Logger
    let started = Date()
    private let running: Mutex<Running?>
    private let watchdog: WatchdogDriver?
    let control: Mutex<ControlServer?> = Mutex(nil)
    /// The poll service: runs the current poller (a reload replaces it).
    let pollService = PollService()
    /// Work on the side (hooks, sweeps, old clients' shutdown), owned and awaited at shutdown.
    let background = BackgroundWork()
    /// The running group, once `run()` has built it (`stop()` triggers its shutdown).
    private let group: Mutex<ServiceGroup?> = Mutex(nil)
    /// Set once `stop()` was asked for, so a `run()` that starts later stops at once.
    private let stopRequested = Mutex(false)
    /// `run()` has said READY=1.
    private let ready = Completion()
    /// `run()` has wound down (the clean-stop marker written or not).
    private let ended = Completion()
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

    /// Does every step that can fail, binding the control socket (and the metrics listener);
    /// nothing runs until `run()`. Throws (after logging) when any step fails.
    public static func prepare(_ options: Options, logger: Logger) async throws -> Daemon {
        let configuration: DaemonConfiguration
        let clients: AccountClients
        let pauses = PauseLedger(logger: logger)
        let metrics = DaemonMetrics(version: ControlServer.version, enabled: false)
        do {
            (configuration, clients) = try settings(options, logger: logger, pauses: pauses, metrics: metrics)
        } catch {
            logger.critical("configuration: \(error)")
            throw error
        }
        options.logLevel?.level = configuration.logLevel
        metrics.isEnabled = configuration.metricsListen != nil || options.activatedMetricsSocket != nil
        let store: JobStore
        let lock: DatabaseLock
        do {
            try FileManager.default.createDirectory(
                atPath: (configuration.databasePath as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            lock = try DatabaseLock.acquire(forDatabase: configuration.databasePath)
        } catch {
            logger.critical("\(error)")
            await clients.shutdown()
            throw error
        }
        do {
            store = try JobStore.open(
                path: configuration.databasePath, options: JobStoreOptions(integrityCheck: options.integrityCheck))
        } catch {
            logger.critical("cannot open the database: \(error)")
            await clients.shutdown()
            throw error
        }
        let opened =
            store.opening.integrityChecked
            ? "quick_check passed" + (store.opening.previousStopWasClean ? "" : " (the last stop was not clean)")
            : "the last stop was clean, quick_check skipped"
        logger.info("database \(configuration.databasePath): \(opened)")
        pauses.attach(store)
        await pauses.apply(to: clients)
        let announced: AnnouncedRetirements
        do {
            announced = try AnnouncedRetirements.shipped()
        } catch {
            logger.error(
                "cannot read the table of announced retirement dates (\(error)); only the API's dates and ModelShutdown= are used"
            )
            announced = AnnouncedRetirements()
        }
        let daemon = Daemon(
            options: options, logger: logger, store: store, configuration: configuration, pauses: pauses,
            metrics: metrics, lock: lock, announced: announced)
        // What a previous run left unfinished, read before any new submission can arrive; and
        // what copies it cut short left in the content store, removed before new ones start.
        let unfinished = daemon.unfinishedSubmissions()
        daemon.contentStore.removeTemporaries()
        // Accounts first, so the first call on the socket finds them; the loop runs in `run()`.
        daemon.install(configuration: configuration, clients: clients)
        do {
            try await daemon.startControlServer(configuration)
        } catch {
            logger.critical("cannot listen on the control socket: \(error)")
            await clients.shutdown()
            throw error
        }
        do {
            try await daemon.startMetricsServer(configuration)
        } catch {
            logger.critical(
                "cannot listen on MetricsListen=\(configuration.metricsListen.map { "\($0)" } ?? "(activated socket)"): \(error)"
            )
            await daemon.control.withLock({ $0 })?.stop()
            await clients.shutdown()
            throw error
        }
        // Queued for the submission runner, which starts them when `run()` starts it.
        daemon.resume(unfinished)
        return daemon
    }

    /// Runs the daemon until it is stopped (SIGTERM or SIGINT when `Options.handlesSignals`, or
    /// `stop()`): every part is a `Service` of one `ServiceGroup`. A stop cancels every task and
    /// awaits it; when all have returned (within `Options.stopDeadline`) the accounts' clients are
    /// shut down, the clean-stop marker is written and the database lock released.
    public func run() async throws {
        let overrun = StopOverrun(logger: logger, handler: options.stopOverrun)
        // The group tells its services of a shutdown in reverse order, each after the one before
        // has returned: first the work (poll loop, submissions, checks) is cancelled and
        // awaited, then the listeners close, the watchdog last.
        var services: [any Service] = []
        if let watchdog { services.append(watchdog) }
        services.append(ListenerService { [weak self] in await self?.control.withLock({ $0 })?.stop() })
        services.append(ListenerService { [weak self] in await self?.stopMetricsServer() })
        // Keep "last poll N s ago" honest between cycles.
        services.append(PeriodicService(interval: .seconds(10)) { [weak self] in self?.refreshStatus() })
        services.append(background)
        let deploymentInterval = options.deploymentCheckInterval ?? configuration?.watchingPollInterval ?? .seconds(10)
        services.append(
            PeriodicService(interval: deploymentInterval) { [deployments] in await deployments.monitorPass() })
        // Retirement dates: models lists refreshed, warnings given, STATUS= kept current.
        services.append(
            PeriodicService(interval: options.retirementCheckInterval) { [weak self] in
                await self?.checkRetirements()
            })
        services += [submissionRuns, pollService]
        if options.handlesSignals {
            let hangups = await UnixSignalsSequence(trapping: .sighup)
            services.append(ReloadOnHangup(hangups: hangups) { [weak self] in await self?.reload() })
        }
        // Last, so that it is the first told of a shutdown (the group stops services in reverse).
        services.append(
            LifecycleAnnouncer(
                ready: { [weak self] in self?.announceReady() },
                stopping: { [weak self] in
                    guard let self else { return }
                    _ = options.notifier.stopping(status: "stopping")
                    logger.notice("finetuned stopping")
                },
                deadline: options.stopDeadline, overrun: overrun))
        var configuration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: options.handlesSignals ? [.sigterm, .sigint] : [],
            logger: logger)
        // The services cancel their work as soon as they are told; past the deadline everything
        // left is cancelled at once.
        configuration.maximumGracefulShutdownDuration = options.stopDeadline
        let group = ServiceGroup(configuration: configuration)
        let stopAtOnce = stopRequested.withLock { requested in
            self.group.withLock { $0 = group }
            return requested
        }
        if let poller { pollService.replace(with: poller) }
        if stopAtOnce { await group.triggerGracefulShutdown() }
        let failure: (any Error)?
        do {
            try await group.run()
            failure = nil
        } catch {
            failure = error
            logger.error("a part of the daemon failed: \(error)")
        }
        await clients?.shutdown()
        if failure == nil {
            // Every task has returned; nothing writes any more: the next start may skip reading
            // every page.
            store.markCleanStop()
        }
        overrun.disarm()
        feed.finish()
        databaseLock.release()
        ready.complete()
        ended.complete()
        if let failure { throw failure }
    }

    private init(
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

    /// Makes `configuration` and `clients` the running ones, with a poll loop not yet started.
    @discardableResult
    private func install(configuration: DaemonConfiguration, clients: AccountClients) -> Poller {
        let poller = Poller(
            store: store, accounts: clients.entries.map { ($0.configuration, $0.client) },
            schedule: configuration.schedule, maxInterval: configuration.maxPollInterval,
            reporter: reporter(for: configuration),
            feed: feed, watchdog: watchdog, logger: logger, metrics: metrics,
            onCycleEnd: { [weak self] in self?.refreshStatus() })
        metrics.pollIntervalConfigured(configuration.pollInterval)
        deployments.configure(configuration, clients: clients)
        running.withLock { $0 = Running(configuration: configuration, clients: clients, poller: poller) }
        return poller
    }

    /// Re-reads the configuration (SIGHUP). Accounts, intervals, hooks and the log level take
    /// effect; `DatabasePath=` and `ControlSocket=` only at the next start. A bad file is logged
    /// and the running configuration kept.
    public func reload() async {
        _ = options.notifier.reloading(status: "reloading configuration")
        defer { _ = options.notifier.ready(status: statusLine) }
        let configuration: DaemonConfiguration
        let clients: AccountClients
        do {
            (configuration, clients) = try Self.settings(options, logger: logger, pauses: pauses, metrics: metrics)
        } catch {
            logger.error("reload refused, keeping the running configuration: \(error)")
            refusedReload.withLock { $0 = RefusedReload(message: error.description, at: Date()) }
            return
        }
        refusedReload.withLock { $0 = nil }
        options.logLevel?.level = configuration.logLevel
        guard let old = running.withLock({ $0 }) else { return }
        if configuration.databasePath != old.configuration.databasePath
            || configuration.controlSocket != old.configuration.controlSocket
            || configuration.metricsListen != old.configuration.metricsListen
        {
            logger.warning("DatabasePath=, ControlSocket= and MetricsListen= change only at the next start")
        }
        await old.poller.stop()
        await pauses.apply(to: clients)
        pollService.replace(with: install(configuration: configuration, clients: clients))
        // Calls in flight still hold the old clients: shut them down once those are surely over
        // (at once when the daemon stops).
        let grace = old.configuration.accounts.map(\.requestTimeout).max() ?? .seconds(60)
        let added = background.add {
            try? await Task.sleep(for: grace * 2)
            await old.clients.shutdown()
        }
        if !added { await old.clients.shutdown() }
        logger.notice("configuration reloaded from \(configuration.files.joined(separator: ", "))")
    }

    /// READY=1, said by the group's first service to run (the signal handlers are in place).
    private func announceReady() {
        _ = options.notifier.ready(status: statusLine)
        tidyContentStore()
        logger.notice(
            "finetuned ready: \(configuration?.accounts.count ?? 0) account(s), database \(configuration?.databasePath ?? "")"
        )
        ready.complete()
    }

    /// Returns once `run()` has said READY=1 (or the calling task is cancelled).
    public func waitUntilReady() async { await ready.wait() }

    /// Stops cleanly, as SIGTERM does: the group's graceful shutdown (STOPPING=1, no new cycles
    /// or submissions, every task cancelled at its next await and awaited, the sockets closed,
    /// the store marked cleanly stopped). Returns when `run()` has wound down, or after
    /// `deadline` (then what is not done is abandoned; nothing is half-written because every
    /// write is a transaction).
    public func stop(deadline: Duration = .seconds(4)) async {
        let group = stopRequested.withLock { requested in
            requested = true
            return self.group.withLock { $0 }
        }
        await group?.triggerGracefulShutdown()
        await withTaskGroup(of: Void.self) { waiting in
            waiting.addTask { await self.ended.wait() }
            waiting.addTask { try? await Task.sleep(for: deadline) }
            await waiting.next()
            waiting.cancelAll()
        }
        if !ended.isComplete {
            logger.warning("stop: not everything wound down within \(deadline)")
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
