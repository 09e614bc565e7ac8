import FoundationEssentials
import Glibc
import JobStore

/// `finetuned --check-config`, as `sshd -t` or `nginx -t`: reads the configuration as the daemon
/// would, finds every account's API key (never printing it), and checks the database path, then
/// says what it found, or the same `file:line: Key: reason` errors the daemon would stop on.
public enum ConfigCheck {
    /// The outcome: the lines to print (on standard output when `ok`, standard error otherwise).
    public struct Outcome: Sendable {
        public var lines: [String]
        public var ok: Bool
    }

    /// Checks what `Daemon.start` would read. Changes nothing: no database is created or
    /// migrated, no lock taken, no request sent.
    public static func run(configPath: String, required: Bool, environment: [String: String]) -> Outcome {
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(path: configPath, required: required, environment: environment)
        } catch {
            return Outcome(lines: ["\(error)"], ok: false)
        }
        var lines: [String] = []
        var errors: [String] = []
        let files = configuration.files.isEmpty ? ["none (built-in defaults)"] : configuration.files
        lines.append("configuration: " + files.joined(separator: ", "))
        for account in configuration.accounts {
            var text = "account \(account.name): \(account.baseURL.absoluteString)"
            text += AccountCredentials.apiDescription(account.authStyle)
            do {
                text += ", " + (try AccountCredentials.resolve(account, environment: environment)).origin
            } catch {
                errors.append(
                    error.description.hasPrefix("account ") ? error.description : "account \(account.name): \(error)")
            }
            lines.append(text)
            if let deployments = account.deploymentsCheckLine { lines.append(deployments) }
        }
        if let problem = databaseProblem(configuration.databasePath) {
            errors.append(problem)
        } else {
            var text = "database: \(configuration.databasePath)"
            text +=
                FileManager.default.fileExists(atPath: configuration.databasePath)
                ? "" : " (created at the first start)"
            let holder = DatabaseLock.holder(forDatabase: configuration.databasePath)
            if holder.held {
                text += "; in use by " + (holder.pid.map { "finetuned process \($0)" } ?? "a running finetuned")
            }
            lines.append(text)
        }
        lines.append("control socket: \(configuration.controlSocket) (unless systemd passes one)")
        lines.append(Self.contentStoreLine(configuration))
        if let hook = configuration.onJobEnd { lines.append("on job end: \(hook.argv.first ?? "")") }
        if errors.isEmpty {
            lines.append("configuration OK")
            return Outcome(lines: lines, ok: true)
        }
        return Outcome(lines: errors, ok: false)
    }

    /// Why the daemon could not open or create its database there, or nil.
    static func databaseProblem(_ path: String) -> String? {
        let manager = FileManager.default
        var isDirectory = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory { return "DatabasePath=\(path): is a directory" }
            if access(path, R_OK | W_OK) != 0 {
                return "DatabasePath=\(path): not readable and writable: \(String(cString: strerror(errno)))"
            }
            return nil
        }
        // The daemon creates missing directories: the nearest existing ancestor must be writable.
        var directory = PathText.directory(of: path)
        while !manager.fileExists(atPath: directory, isDirectory: &isDirectory), directory != "/" {
            directory = PathText.directory(of: directory)
        }
        if !isDirectory { return "DatabasePath=\(path): \(directory) is not a directory" }
        if access(directory, W_OK | X_OK) != 0 {
            return "DatabasePath=\(path): cannot create it in \(directory): \(String(cString: strerror(errno)))"
        }
        return nil
    }
}
