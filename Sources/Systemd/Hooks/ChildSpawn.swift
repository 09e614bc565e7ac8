import Glibc

/// Starts a child with `posix_spawn` the way every child of the daemon starts (hooks, the demo's
/// simulator).
///
/// Contract:
/// - The child's environment is exactly `environment`. Entries that cannot be written as
///   `NAME=value` (an empty name, `=` in the name, NUL anywhere) are left out, never mangled.
/// - No signal is blocked in the child and every signal has its default disposition, whatever
///   the daemon blocks or ignores.
/// - With `newProcessGroup`, the child leads a process group of its own (so its whole tree can
///   be signalled).
/// - Which descriptors the child gets is the caller's `fileActions`.
public enum ChildSpawn {
    /// The errno `posix_spawn` returned.
    public struct Failure: Error, Sendable {
        public var code: Int32
    }

    /// Starts `path` with `argv` (argv[0] included). - Returns: the child's pid.
    public static func start(
        path: String, argv: [String], environment: [String: String],
        fileActions: inout posix_spawn_file_actions_t, newProcessGroup: Bool
    ) -> Result<pid_t, Failure> {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let environmentStrings = environment.keys.sorted().compactMap { key -> String? in
            guard !key.isEmpty, !key.contains("="), !key.contains("\0"), let value = environment[key],
                !value.contains("\0")
            else { return nil }
            return "\(key)=\(value)"
        }
        var pid: pid_t = 0
        let code = withCStrings(argv) { argv in
            withCStrings(environmentStrings) { envp in
                posix_spawn(&pid, path, &fileActions, &attributes, argv, envp)
            }
        }
        return code == 0 ? .success(pid) : .failure(Failure(code: code))
    }

    /// Calls `body` with a NULL-terminated `char *[]` for `strings`, alive during `body`.
    private static func withCStrings<R>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        let copies = strings.map { strdup($0) } + [nil]
        defer { for copy in copies { free(copy) } }
        return copies.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
