import Glibc

/// A command to run without a shell: an executable path and its arguments.
public struct HookCommand: Sendable, Hashable {
    /// `argv[0]` is the absolute path of the executable.
    public let argv: [String]

    /// Directories searched for a command given by bare name, as systemd does for `ExecStart=`.
    public static let searchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

    public init(argv: [String]) throws(ArgvSplitter.SplitError) {
        guard let first = argv.first, !first.isEmpty else {
            throw ArgvSplitter.SplitError(message: "empty command")
        }
        if first.hasPrefix("/") {
            self.argv = argv
        } else if first.contains("/") {
            throw ArgvSplitter.SplitError(message: "command \(first) must be an absolute path or a bare name")
        } else {
            guard let found = Self.searchPath.map({ $0 + "/" + first }).first(where: { access($0, X_OK) == 0 }) else {
                throw ArgvSplitter.SplitError(
                    message: "command \(first) not found in \(Self.searchPath.joined(separator: ":"))")
            }
            self.argv = [found] + argv.dropFirst()
        }
    }

    /// Parses a setting such as `OnJobEnd=/usr/local/bin/notify-me --job "my job"`.
    public init(commandLine: String) throws(ArgvSplitter.SplitError) {
        try self.init(argv: ArgvSplitter.split(commandLine))
    }
}
