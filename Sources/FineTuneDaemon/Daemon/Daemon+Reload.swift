import FoundationEssentials
import Logging
import OpenAIFineTuning

/// The running configuration: installed at start and replaced on reload (SIGHUP,
/// `io.systemd.service.Reload`), with a new poll loop and clients; the old clients are shut down
/// once the calls that hold them are surely over.
extension Daemon {
    /// Makes `configuration` and `clients` the running ones, with a poll loop not yet started.
    @discardableResult
    func install(configuration: DaemonConfiguration, clients: AccountClients) -> Poller {
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
}
