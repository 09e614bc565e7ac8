import FoundationEssentials
import Glibc
import Synchronization
import Systemd

/// A child process started with `posix_spawn`, in place of Foundation's `Process` (not in
/// FoundationEssentials), for `finetuned demo`'s simulator.
///
/// Contracts:
/// - The child's environment is exactly `environment`; nothing of the parent's (its API key,
///   `CREDENTIALS_DIRECTORY`, …) is inherited.
/// - stdin and stdout are `/dev/null`; stderr is the parent's or `/dev/null`. Every other
///   descriptor open at the spawn is closed in the child, whatever its close-on-exec flag.
/// - The signal mask is emptied and every signal's disposition reset to its default.
/// - A thread of its own waits for the child and reaps it (waits retry on `EINTR`), so it never
///   stays a zombie; ``exited`` ends then.
/// - ``terminate()`` never signals a pid that was already reaped (and might have been reused).
package final class ChildProcess: Sendable {
    /// Where the child's stderr goes.
    package enum StandardError: Sendable {
        case inherit
        case discard
    }

    /// How the child ended: its exit status, or the signal that killed it.
    package enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Why the child could not be started (the `errno` of `posix_spawn`).
    package struct SpawnFailure: Error, CustomStringConvertible {
        package var code: Int32
        package var description: String { String(cString: strerror(code)) }
    }

    package let pid: pid_t
    /// Ends once the child has exited and been reaped.
    package let exited: AsyncStream<Void>
    /// Whether the child has exited (set before it is reaped) and, once reaped, how it ended.
    private let state = Mutex<(exited: Bool, ending: Ending?)>((false, nil))

    private init(pid: pid_t, exited: AsyncStream<Void>) {
        self.pid = pid
        self.exited = exited
    }

    /// Starts `executable` with `arguments` (not counting argv[0], which is `executable`).
    ///
    /// - Throws: ``SpawnFailure`` when it cannot start (missing, not executable, no memory).
    package static func spawn(
        executable: String, arguments: [String], environment: [String: String], standardError: StandardError
    ) throws(SpawnFailure) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        if standardError == .discard { posix_spawn_file_actions_adddup2(&actions, 1, 2) }
        // Glibc's Swift module lacks posix_spawn_file_actions_addclosefrom_np: close each
        // descriptor open now. One opened between this listing and the spawn by another thread
        // could reach the child only if it lacked O_CLOEXEC, which every open in the daemon sets.
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

        let pid: pid_t
        switch ChildSpawn.start(
            path: executable, argv: [executable] + arguments, environment: environment, fileActions: &actions,
            newProcessGroup: false)
        {
        case .success(let child): pid = child
        case .failure(let failure): throw SpawnFailure(code: failure.code)
        }
        let (exited, finish) = AsyncStream<Void>.makeStream()
        let child = ChildProcess(pid: pid, exited: exited)
        let watching = DetachedThread.start(name: "reap \(pid)", stackSize: 64 << 10) {
            child.waitAndReap()
            finish.finish()
        }
        if !watching {
            // No thread to wait with: wait here, once the child is stopped, so it is still reaped.
            kill(pid, SIGKILL)
            child.waitAndReap()
            finish.finish()
            throw SpawnFailure(code: EAGAIN)
        }
        return child
    }

    /// The process's open descriptors, from `/proc/self/fd` (which includes the one reading it;
    /// glibc ignores a close action on a descriptor that is no longer open).
    private static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
    }

    /// True until the child has exited.
    package var isRunning: Bool { state.withLock { !$0.exited } }

    /// How the child ended, once it has been reaped; nil before.
    package var ending: Ending? { state.withLock { $0.ending } }

    /// Sends SIGTERM unless the child has already exited.
    package func terminate() {
        state.withLock { state in if !state.exited { kill(pid, SIGTERM) } }
    }

    /// Blocks until the child exits, marks it exited under the lock, then reaps it: a concurrent
    /// ``terminate()`` either signals the live child or sees it exited.
    private func waitAndReap() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        state.withLock { $0.exited = true }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros; the status word decoded by hand.
        let signal = status & 0x7f
        let ending: Ending = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        state.withLock { $0.ending = ending }
    }
}
