import Logging
import Systemd

/// What `io.systemd.service` needs from the daemon, and nothing more: its logger, the
/// process-wide log level, and a reload.
protocol SystemdServiceControl: Sendable {
    var logger: Logger { get }
    /// The level `SetLogLevel` changes; nil for a daemon embedded without one (tests, demo).
    var logLevelSetting: LogLevelSetting? { get }
    /// Reloads as SIGHUP does. Returns why the new configuration was refused (file, line, key),
    /// or nil when it took effect.
    func reloadFromControl() async -> String?
}
