import DaemonMetrics
import Logging

/// How the daemon reads its settings: configuration and clients, the watchdog interval, and
/// the longest step the watchdog must allow.
extension Daemon {
    /// The configuration files read and their accounts' clients made (keys resolved).
    static func settings(
        _ options: Options, logger: Logger, pauses: PauseLedger? = nil, metrics: DaemonMetrics? = nil
    ) throws(ConfigurationError)
        -> (DaemonConfiguration, AccountClients)
    {
        let configuration = try DaemonConfiguration.load(
            path: options.configPath, required: options.configRequired, environment: options.environment)
        return (
            configuration,
            try AccountClients.make(
                configuration, environment: options.environment, logger: logger, pauses: pauses, metrics: metrics)
        )
    }

    /// systemd's `WatchdogSec` when `sd_watchdog_enabled` cannot tell (tests set WATCHDOG_USEC
    /// without WATCHDOG_PID).
    static func watchdogInterval(_ environment: [String: String]) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 else { return nil }
        return .microseconds(usec)
    }

    /// Long enough for the slowest legitimate step: every attempt of a request timing out, plus
    /// the waits between them, plus a margin.
    static func stallTimeout(for configuration: DaemonConfiguration) -> Duration {
        let worst =
            configuration.accounts.map { account in
                account.requestTimeout * (account.maxRetries + 1) + .seconds(120) * account.maxRetries
            }.max() ?? .seconds(300)
        return worst + .seconds(30)
    }
}
