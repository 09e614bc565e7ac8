import DaemonMetrics
import FoundationEssentials
import JobStore
import Logging
import OpenAIFineTuning
import ServiceLifecycle
import Synchronization
import Systemd
import UnixSignals

/// The daemon's lifecycle: `prepare` (every step that can fail), `run()` (one `ServiceGroup`
/// of every part), READY=1, and `stop()`. Reload is in `Daemon+Reload.swift`.
extension Daemon {
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
                atPath: PathText.directory(of: configuration.databasePath),
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
    /// the store marked cleanly stopped, the database lock let go). Returns true when `run()` has
    /// wound down, false when `deadline` passed first (then what is not done is abandoned;
    /// nothing is half-written because every write is a transaction, but the lock is still held
    /// until the run ends).
    @discardableResult
    public func stop(deadline: Duration = .seconds(4)) async -> Bool {
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
        guard ended.isComplete else {
            logger.warning("stop: not everything wound down within \(deadline)")
            return false
        }
        return true
    }
}
