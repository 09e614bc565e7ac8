import Dispatch
import Logging
import Synchronization

/// The stop deadline: armed when a stop begins; if the daemon has not wound down when it passes,
/// says so and calls the handler (the executable exits: what is not done by then is abandoned,
/// and nothing is half-written because every write is a transaction). Disarmed when the stop
/// completes. Dispatch, not a task, so it fires even when every task is stuck.
final class StopOverrun: Sendable {
    private enum Phase { case idle, armed, disarmed }
    private let phase = Mutex(Phase.idle)
    private let logger: Logger
    private let handler: (@Sendable () -> Void)?

    init(logger: Logger, handler: (@Sendable () -> Void)?) {
        self.logger = logger
        self.handler = handler
    }

    func arm(after deadline: Duration) {
        let arming = phase.withLock { phase -> Bool in
            guard phase == .idle else { return false }
            phase = .armed
            return true
        }
        guard arming else { return }
        let (seconds, attoseconds) = deadline.components
        let nanoseconds = Int(clamping: seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
            guard phase.withLock({ $0 }) == .armed else { return }
            logger.warning("stop: not everything wound down within \(deadline); exiting anyway")
            handler?()
        }
    }

    func disarm() {
        phase.withLock { $0 = .disarmed }
    }
}
