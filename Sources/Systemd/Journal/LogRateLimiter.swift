#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import Synchronization

/// Decides which repetitions of a log line are written: at most `burst` lines with the same
/// level and message text within `interval`; the rest are counted, and the next line of that kind
/// written after them says how many were left out. Metadata (a connection id, a peer) does not
/// make lines different, so a flood of "Connection refused" warnings is one kind of line.
///
/// Pure bookkeeping with the time passed in, so it is tested without a clock.
public struct LogRateLimiter: Sendable {
    public enum Decision: Equatable, Sendable {
        /// Write the line; `suppressedBefore` lines of its kind were left out since the last one written.
        case write(suppressedBefore: Int)
        case suppress
    }

    public let burst: Int
    public let interval: Double
    private var windows: [String: Window] = [:]

    struct Window {
        var start: Double
        var written: Int
        var suppressed: Int
    }

    public init(burst: Int = 10, interval: Double = 30) {
        self.burst = max(1, burst)
        self.interval = interval
    }

    /// Whether the line of kind `key` logged at `now` (seconds) is written.
    public mutating func decide(_ key: String, now: Double) -> Decision {
        var window = windows[key] ?? Window(start: now, written: 0, suppressed: 0)
        if now - window.start >= interval {
            window.start = now
            window.written = 0
        }
        defer {
            windows[key] = window
            if windows.count > 1000 {
                windows = windows.filter { now - $0.value.start < interval || $0.value.suppressed > 0 }
            }
        }
        guard window.written < burst else {
            window.suppressed += 1
            return .suppress
        }
        window.written += 1
        let suppressed = window.suppressed
        window.suppressed = 0
        return .write(suppressedBefore: suppressed)
    }
}

/// A log handler that passes lines to `wrapped` as a shared ``LogRateLimiter`` allows, adding
/// "(N similar lines suppressed)" and `SUPPRESSED=N` to the first line written after a gap.
public struct RateLimitedLogHandler: LogHandler {
    public var wrapped: any LogHandler
    private let limiter: Shared
    private let clock: @Sendable () -> Double
    /// The process-wide level this handler follows, unless `logLevel` was set on it.
    private let levelSetting: LogLevelSetting?
    private var ownLevel: Logger.Level?

    /// The limiter every handler made from one factory shares.
    public final class Shared: Sendable {
        let state: Mutex<LogRateLimiter>
        public init(_ limiter: LogRateLimiter = LogRateLimiter()) { state = Mutex(limiter) }
    }

    public init(
        wrapping wrapped: any LogHandler, limiter: Shared, levelSetting: LogLevelSetting? = nil,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.wrapped = wrapped
        self.limiter = limiter
        self.levelSetting = levelSetting
        self.clock = clock
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public var logLevel: Logger.Level {
        get { ownLevel ?? levelSetting?.level ?? wrapped.logLevel }
        set {
            ownLevel = newValue
            wrapped.logLevel = newValue
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        let key = "\(event.level) \(event.message)"
        let now = clock()
        switch limiter.state.withLock({ $0.decide(key, now: now) }) {
        case .suppress:
            return
        case .write(let suppressed):
            guard suppressed > 0 else {
                wrapped.log(event: event)
                return
            }
            var noted = event
            noted.message =
                "\(event.message) (\(suppressed) similar line\(suppressed == 1 ? "" : "s") suppressed before this one)"
            var metadata = event.metadata ?? [:]
            metadata["suppressed"] = "\(suppressed)"
            noted.metadata = metadata
            wrapped.log(event: noted)
        }
    }
}
