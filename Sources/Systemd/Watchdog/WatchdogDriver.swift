import Logging
import ServiceLifecycle
import Synchronization

/// Runs the watchdog: every `pingInterval` asks the `WatchdogSupervisor` and pings systemd only
/// when the poll loop is healthy. The poll loop calls `heartbeat()` and `willSleep(until:)`.
///
/// A `Service`: `run()` checks until graceful shutdown (it is the group's first service, so the
/// last told: pings go on while the rest winds down). Thread-safe: the supervisor lives behind a
/// mutex; `run()` is meant for one task.
public final class WatchdogDriver: Service, Sendable {
    private let state: Mutex<(supervisor: WatchdogSupervisor, starving: Bool)>
    private let notifier: ServiceNotifier
    private let logger: Logger
    /// How often `run()` checks; half of systemd's `WatchdogSec`.
    public let pingInterval: Duration

    /// - Parameters:
    ///   - watchdogInterval: systemd's `WatchdogSec` (`ServiceNotifier.watchdogInterval()`).
    ///   - stallTimeout: how long the loop may go without progress (see `WatchdogSupervisor`).
    public init(
        watchdogInterval: Duration, stallTimeout: Duration, notifier: ServiceNotifier, logger: Logger
    ) {
        self.pingInterval = watchdogInterval / 2
        self.notifier = notifier
        self.logger = logger
        self.state = Mutex((WatchdogSupervisor(stallTimeout: stallTimeout, start: .now), false))
    }

    /// The poll loop made progress.
    public func heartbeat() {
        state.withLock { $0.supervisor.heartbeat(at: .now) }
    }

    /// The poll loop is done with this tick and sleeps until `due`.
    public func willSleep(until due: ContinuousClock.Instant) {
        state.withLock { $0.supervisor.willSleep(until: due) }
    }

    /// One check: pings or not, and returns the decision. A stall is logged once, when it
    /// begins, and its end once, when pings resume; each ping withheld is logged at debug level.
    @discardableResult
    public func check() -> WatchdogSupervisor.Decision {
        let (decision, wasStarving) = state.withLock { state in
            let decision = state.supervisor.decide(at: .now)
            let wasStarving = state.starving
            if case .starve = decision { state.starving = true } else { state.starving = false }
            return (decision, wasStarving)
        }
        switch decision {
        case .ping:
            notifier.watchdog()
            if wasStarving { logger.notice("the poll loop made progress again; watchdog pings resumed") }
        case .starve(let reason, _):
            if !wasStarving {
                logger.critical("withholding watchdog ping: \(reason); systemd will restart the service")
            }
            logger.debug("watchdog ping withheld: \(reason)")
        }
        return decision
    }

    /// Checks every `pingInterval` until graceful shutdown or cancellation.
    public func run() async {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                self.check()
                try await Task.sleep(for: self.pingInterval)
            }
        }
    }
}
