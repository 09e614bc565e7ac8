import ArgumentParser
import Foundation
import ProjectVersion

/// `finetunectl`: the client of finetuned. `validate` and `prepare` work without a daemon; the
/// other commands talk to it over its Varlink control socket.
///
/// Exit codes (stable; scripts may rely on them):
/// - 0: success; the data has no errors (warnings allowed); a waited-for job succeeded.
/// - 1: the data has errors (OpenAI would reject it, or it costs more than `--max-cost`), or a
///   job that `watch` or `submit --wait` followed failed or was cancelled.
/// - 2: usage error, a file could not be read or written, finetuned could not be reached, or it
///   (or the API behind it) refused the request.
/// - 141: the reader of standard output (or error) went away, as in `… | head -1`; the command
///   stopped there, quietly (128 + SIGPIPE, what a shell reports for `git log | head`).
@main
struct FinetuneCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetunectl",
        abstract: "Prepare, check and (with finetuned) submit, follow and use OpenAI fine-tuning jobs.",
        discussion: """
            Exit codes: 0 ok; 1 the data has errors, or a job followed by watch or submit --wait failed \
            or was cancelled; 2 usage error, unreadable/unwritable file, finetuned unreachable, or the \
            request refused (no such job, API error, permission denied); 141 the reader of the output \
            went away (… | head).
            The daemon's socket: --socket, else $FINETUNED_SOCKET, else \(DaemonOptions.defaultSocketPath). \
            Reading needs access to the socket (and root, the daemon's socket group or ReadOnlyUsers=); \
            changing jobs needs root or the daemon's socket group.
            Every command takes --json. Tables fit the terminal (or $COLUMNS); in a pipe they are whole. \
            Colour is used only on a terminal and never when NO_COLOR is set.
            """,
        version: ProjectVersion.string,
        subcommands: [
            ValidateCommand.self, PrepareCommand.self,
            SubmitCommand.self, SubmissionsCommand.self, SubmissionCommand.self, CancelSubmissionCommand.self,
            TrackCommand.self, UntrackCommand.self, ListCommand.self, StatusCommand.self, EventsCommand.self,
            WatchCommand.self, CheckpointsCommand.self, MetricsCommand.self,
            CancelCommand.self, PauseCommand.self, ResumeCommand.self,
            ModelsCommand.self, DeleteModelCommand.self, ChatCommand.self,
            DeployCommand.self, DeploymentsCommand.self, UndeployCommand.self, DaemonStatusCommand.self,
            MigrateCommand.self, CompareCommand.self,
        ])

    static func main() async {
        StandardStreams.prepare()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }  // --help, --version
            let message = fullMessage(for: error)
            StandardStreams.err(message.hasSuffix("\n") ? message : message + "\n")
            Foundation.exit(CtlExit.usageOrIO.rawValue)
        }
    }
}

/// The exit codes listed on ``FinetuneCtl``.
enum CtlExit {
    static let ok = ExitCode(0)
    static let dataHasErrors = ExitCode(1)
    /// The same code as ``dataHasErrors``: what the user sent did not come out well.
    static let jobFailed = ExitCode(1)
    static let usageOrIO = ExitCode(2)
}
