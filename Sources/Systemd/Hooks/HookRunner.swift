import Synchronization
import Dispatch
import Glibc

/// Runs commands such as `OnJobEnd=` with an explicit environment and no shell.
///
/// Contract:
/// - The child's environment is exactly `environment`: nothing is inherited from the daemon,
///   so `OPENAI_API_KEY` or `CREDENTIALS_DIRECTORY` never reach it unless passed on purpose.
/// - stdin is `/dev/null`; stdout and stderr go where `output` says (inherited by default: the
///   journal under systemd). Signal mask and dispositions are reset; the child gets its own
///   process group, which is killed (SIGTERM, then SIGKILL 5 s later) if it outlives `timeout`.
/// - `run` suspends the caller only; the wait happens on a Dispatch thread, never on the
///   Swift concurrency pool. A hook that fails, or cannot start, is reported, never thrown.
public struct HookRunner: Sendable {
    /// Where the child's stdout and stderr go.
    public enum Output: Sendable, Equatable {
        case inherit
        case discard
        /// Appended to this file (created with mode 0600 if missing).
        case file(path: String)
    }

    public var timeout: Duration
    public var output: Output

    public init(timeout: Duration = .seconds(300), output: Output = .inherit) {
        self.timeout = timeout
        self.output = output
    }

    /// Runs `command` and returns how it ended.
    public func run(_ command: HookCommand, environment: [String: String]) async -> HookResult {
        let pid: pid_t
        switch spawn(command, environment: environment) {
        case .success(let started): pid = started
        case .failure(let failure): return .failedToStart(errno: failure.code)
        }
        let watch = ChildWatch(pid: pid)
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + timeout.dispatchInterval)
        timer.setEventHandler { watch.terminateGroup(escalateAfter: .seconds(5)) }
        timer.resume()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<HookResult, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: watch.waitForExit()) }
        }
        timer.cancel()
        return result
    }

    /// Starts the child; returns its pid or the errno of the failure.
    private func spawn(_ command: HookCommand, environment: [String: String]) -> Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        switch output {
        case .inherit: break
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        case .file(let path):
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        return ChildSpawn.start(
            path: command.argv[0], argv: command.argv, environment: environment, fileActions: &actions,
            newProcessGroup: true
        ).mapError { SpawnFailure(code: $0.code) }
    }
}

struct SpawnFailure: Error {
    let code: Int32
}

/// Waits for one child and kills its process group on request, never signalling a pid that
/// was already reaped (and might be reused).
private final class ChildWatch: Sendable {
    let pid: pid_t
    /// Set under the lock once the child has exited (before it is reaped).
    private let state = Mutex<(exited: Bool, timedOut: Bool)>((false, false))

    init(pid: pid_t) { self.pid = pid }

    func terminateGroup(escalateAfter delay: Duration) {
        let sent = state.withLock { state -> Bool in
            guard !state.exited else { return false }
            state.timedOut = true
            kill(-pid, SIGTERM)
            return true
        }
        guard sent else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + delay.dispatchInterval) { [self] in
            state.withLock { state in if !state.exited { kill(-pid, SIGKILL) } }
        }
    }

    /// Blocks until the child exits, then reaps it.
    func waitForExit() -> HookResult {
        var info = siginfo_t()
        // Wait without reaping, mark exited under the lock, then reap: kill() never races reuse.
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        let timedOut = state.withLock { state -> Bool in
            state.exited = true
            return state.timedOut
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros; decode the status word by hand.
        let signal = status & 0x7f
        if signal == 0 { return .exited(status: (status >> 8) & 0xff) }
        return .signaled(signal: signal, timedOut: timedOut)
    }
}

extension Duration {
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .never : .nanoseconds(Int(clamping: nanos + attoseconds / 1_000_000_000))
    }
}
