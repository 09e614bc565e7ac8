import ArgumentParser
import Foundation

/// `finetunectl`: the client of finetuned. `validate` and `prepare` work without a daemon.
///
/// Exit codes (stable; scripts may rely on them):
/// - 0: success; the data has no errors (warnings allowed).
/// - 1: the data has errors (OpenAI would reject it).
/// - 2: usage error, or a file could not be read or written.
@main
struct FinetuneCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetunectl",
        abstract: "Prepare, check and (with finetuned) submit OpenAI fine-tuning jobs.",
        discussion: """
            Exit codes: 0 ok, 1 the data has errors, 2 usage error or unreadable/unwritable file.
            Colour is used only on a terminal and never when NO_COLOR is set.
            """,
        subcommands: [ValidateCommand.self, PrepareCommand.self])

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }  // --help, --version
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            Foundation.exit(CtlExit.usageOrIO.rawValue)
        }
    }
}

/// The exit codes listed on ``FinetuneCtl``.
enum CtlExit {
    static let ok = ExitCode(0)
    static let dataHasErrors = ExitCode(1)
    static let usageOrIO = ExitCode(2)
}
