/// How a hook process ended.
public enum HookResult: Sendable, Equatable, CustomStringConvertible {
    /// It ran and exited with this status (0 is success).
    case exited(status: Int32)
    /// It was killed by this signal (`timedOut` when the runner killed it for overrunning).
    case signaled(signal: Int32, timedOut: Bool)
    /// It could not be started (`errno` from `posix_spawn`: missing file, no permission, …).
    case failedToStart(errno: Int32)

    public var succeeded: Bool { self == .exited(status: 0) }

    public var description: String {
        switch self {
        case .exited(let status): return "exited with status \(status)"
        case .signaled(let signal, let timedOut):
            return timedOut ? "killed by signal \(signal) after the time limit" : "killed by signal \(signal)"
        case .failedToStart(let code):
            return "could not start: \(SystemdError(operation: "spawn", errno: code).description)"
        }
    }
}
