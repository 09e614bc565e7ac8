import Glibc
import Logging

/// Chooses where the daemon's logs go: journald natively when stderr is connected to the
/// journal (the daemon runs under systemd), stderr with `<N>` prefixes otherwise.
public enum SystemdLogging {
    /// The handler factory to pass to `LoggingSystem.bootstrap`.
    ///
    /// - Parameters:
    ///   - identifier: `SYSLOG_IDENTIFIER` (e.g. `finetuned`).
    ///   - level: the level of every logger made.
    ///   - limiter: repeated lines beyond its burst are left out and counted (``LogRateLimiter``);
    ///     one limiter for every logger the factory makes.
    public static func handlerFactory(
        identifier: String, level: Logger.Level = .info, forceJournal: Bool? = nil,
        limiter: RateLimitedLogHandler.Shared = .init()
    ) -> @Sendable (String) -> any LogHandler {
        handlerFactory(
            identifier: identifier, levelSetting: LogLevelSetting(level), forceJournal: forceJournal, limiter: limiter)
    }

    /// The same, with every logger following `levelSetting` as it changes.
    public static func handlerFactory(
        identifier: String, levelSetting: LogLevelSetting, forceJournal: Bool? = nil,
        limiter: RateLimitedLogHandler.Shared = .init()
    ) -> @Sendable (String) -> any LogHandler {
        let journal = forceJournal ?? JournalStream.stderrIsJournal()
        return { _ in
            if journal {
                return RateLimitedLogHandler(
                    wrapping: JournaldLogHandler(identifier: identifier), limiter: limiter, levelSetting: levelSetting)
            }
            return RateLimitedLogHandler(wrapping: StderrLogHandler(), limiter: limiter, levelSetting: levelSetting)
        }
    }
}

/// systemd's `JOURNAL_STREAM=<device>:<inode>` names the stream it connected stdout/stderr to.
/// If stderr is still that stream, the process should log natively (systemd.exec(5)).
public enum JournalStream {
    /// True when `$JOURNAL_STREAM` matches fd 2.
    public static func stderrIsJournal() -> Bool {
        guard let value = getenv("JOURNAL_STREAM").map({ String(cString: $0) }) else { return false }
        var info = stat()
        guard fstat(2, &info) == 0 else { return false }
        return matches(value, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Whether `JOURNAL_STREAM`'s value names this device and inode.
    public static func matches(_ value: String, device: UInt64, inode: UInt64) -> Bool {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let d = UInt64(parts[0]), let i = UInt64(parts[1]) else { return false }
        return d == device && i == inode
    }
}
