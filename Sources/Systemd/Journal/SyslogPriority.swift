import Logging

/// syslog priorities as journald and the `<N>` stderr prefix use them.
public enum SyslogPriority: Int, Sendable {
    case emergency = 0, alert, critical, error, warning, notice, info, debug

    public init(_ level: Logger.Level) {
        switch level {
        case .trace, .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
