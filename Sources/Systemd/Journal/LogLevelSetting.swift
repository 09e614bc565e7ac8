import Logging
import Synchronization

/// The level every logger made by `SystemdLogging.handlerFactory(identifier:levelSetting:…)`
/// follows, changeable while the process runs: `LogLevel=` at start and on each reload, and
/// `io.systemd.service.SetLogLevel`. A logger whose level is set directly
/// (`logger.logLevel = …`) keeps that level instead.
///
/// Read on every log call, so it is one atomic load.
public final class LogLevelSetting: Sendable {
    private static let levels = Logger.Level.allCases
    private let index: Atomic<Int>

    public init(_ level: Logger.Level = .info) {
        index = Atomic(Self.levels.firstIndex(of: level) ?? 0)
    }

    public var level: Logger.Level {
        get { Self.levels[index.load(ordering: .relaxed)] }
        set { index.store(Self.levels.firstIndex(of: newValue) ?? 0, ordering: .relaxed) }
    }

    /// The level for a syslog priority, as systemd's `SetLogLevel` takes it (0 emerg … 7
    /// debug); nil outside 0...7. swift-log has no alert or emergency, so 0–2 are `critical`.
    public static func level(forSyslogPriority priority: Int) -> Logger.Level? {
        switch priority {
        case 0, 1, 2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        case 7: .debug
        default: nil
        }
    }
}
