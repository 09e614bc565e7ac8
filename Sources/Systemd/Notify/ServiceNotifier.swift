import CSystemd
import Glibc

/// Tells the service manager how the daemon is doing (`sd_notify(3)`).
///
/// Built from the environment (`NOTIFY_SOCKET`), it sends through libsystemd's `sd_notify`, as
/// systemd expects of a `Type=notify` service. When `NOTIFY_SOCKET` is unset (run by hand, in
/// tests) every call is a no-op that returns `false`. A notifier bound to an explicit socket
/// path sends the same datagrams itself, so tests can listen without touching the process
/// environment.
///
/// Thread-safe: it holds no mutable state.
public struct ServiceNotifier: Sendable {
    /// Where notifications go.
    public enum Destination: Sendable, Equatable {
        /// libsystemd `sd_notify`: `$NOTIFY_SOCKET` if set, else nowhere.
        case environment
        /// A datagram socket at this path (`@name` for the abstract namespace).
        case socket(path: String)
        /// Nowhere.
        case none
    }

    public let destination: Destination

    /// A notifier for the environment the process was started in.
    public init() { destination = .environment }

    public init(destination: Destination) { self.destination = destination }

    /// True when notifications would reach a listener's socket.
    public var isConnected: Bool {
        switch destination {
        case .environment: return getenv("NOTIFY_SOCKET") != nil
        case .socket: return true
        case .none: return false
        }
    }

    /// `READY=1`: start-up is complete (call once the database is open and the socket listens).
    @discardableResult
    public func ready(status: String? = nil) -> Bool {
        send(NotifyMessage(["READY": "1"]).adding("STATUS", status))
    }

    /// `STATUS=…`: a one-line summary shown by `systemctl status`. Newlines become spaces.
    @discardableResult
    public func status(_ text: String) -> Bool {
        send(NotifyMessage(["STATUS": text]))
    }

    /// `WATCHDOG=1`: the daemon is alive. Send only when `WatchdogSupervisor` says so.
    @discardableResult
    public func watchdog() -> Bool {
        send(NotifyMessage(["WATCHDOG": "1"]))
    }

    /// `RELOADING=1` with `MONOTONIC_USEC` (systemd ≥ 253 wants it; 252 ignores it). Follow with
    /// `ready()` once the new configuration is in effect.
    @discardableResult
    public func reloading(status: String? = nil) -> Bool {
        send(
            NotifyMessage(["RELOADING": "1", "MONOTONIC_USEC": String(MonotonicClock.nowMicroseconds())])
                .adding("STATUS", status))
    }

    /// `STOPPING=1`: shutdown has begun.
    @discardableResult
    public func stopping(status: String? = nil) -> Bool {
        send(NotifyMessage(["STOPPING": "1"]).adding("STATUS", status))
    }

    /// Sends one message; returns true if it was delivered to a listener.
    @discardableResult
    public func send(_ message: NotifyMessage) -> Bool {
        switch destination {
        case .environment:
            return sd_notify(0, message.wireFormat) > 0
        case .socket(let path):
            return DatagramSender.send(message.wireFormat, to: path)
        case .none:
            return false
        }
    }

    /// The watchdog interval systemd expects pings within (`WatchdogSec=`), or nil when the
    /// watchdog is off or meant for another process. Ping at half this interval.
    public static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }
}
