/// Decides whether the daemon may send `WATCHDOG=1`: only while its poll loop is healthy, so a
/// hung loop starves the watchdog and systemd restarts the service.
///
/// The loop is either *asleep* until its next tick is due, or *busy* with a tick and reporting
/// progress (`heartbeat`) as steps complete. It is healthy when
/// - asleep and the next tick is not overdue by more than `stallTimeout`, or
/// - busy and the last progress is less than `stallTimeout` ago.
///
/// `stallTimeout` must exceed the longest single step without a heartbeat (an HTTP request
/// with its retries), or a slow but live loop is taken for a hung one.
///
/// A pure value: no clock, no socket. `WatchdogDriver` carries its decisions out.
public struct WatchdogSupervisor: Sendable, Equatable {
    public typealias Instant = ContinuousClock.Instant

    /// What the poll loop is doing, as last reported.
    public enum LoopState: Sendable, Equatable {
        case asleep(nextTickDue: Instant)
        case busy(lastProgress: Instant)
    }

    /// What to do at a watchdog tick.
    public enum Decision: Sendable, Equatable {
        /// Send `WATCHDOG=1`.
        case ping
        /// Do not ping: the loop is stalled. `stalledFor` is how long past the allowed time.
        case starve(reason: StallReason, stalledFor: Duration)
    }

    public enum StallReason: Sendable, Equatable, CustomStringConvertible {
        /// Busy with no progress for longer than the timeout.
        case noProgress
        /// Asleep, but the next tick should have started already.
        case tickOverdue

        public var description: String {
            switch self {
            case .noProgress: return "the poll loop made no progress"
            case .tickOverdue: return "the next poll did not start when due"
            }
        }
    }

    public let stallTimeout: Duration
    public private(set) var state: LoopState

    /// Starts busy at `start` (start-up counts as progress).
    public init(stallTimeout: Duration, start: Instant) {
        precondition(stallTimeout > .zero, "stallTimeout must be positive")
        self.stallTimeout = stallTimeout
        self.state = .busy(lastProgress: start)
    }

    /// The loop made progress (a tick began, a request completed, a job was stored).
    public mutating func heartbeat(at now: Instant) {
        state = .busy(lastProgress: now)
    }

    /// The loop finished its work and sleeps until `due`.
    public mutating func willSleep(until due: Instant) {
        state = .asleep(nextTickDue: due)
    }

    /// Whether to ping at `now`.
    public func decide(at now: Instant) -> Decision {
        switch state {
        case .busy(let last):
            let idle = now - last
            return idle < stallTimeout ? .ping : .starve(reason: .noProgress, stalledFor: idle - stallTimeout)
        case .asleep(let due):
            let late = now - due
            return late < stallTimeout ? .ping : .starve(reason: .tickOverdue, stalledFor: late - stallTimeout)
        }
    }
}
