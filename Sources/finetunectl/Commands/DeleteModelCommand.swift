import ControlProtocol
import ArgumentParser
import Foundation

/// `finetunectl delete-model MODEL`: deletes a fine-tuned model at the API.
struct DeleteModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-model",
        abstract: "Delete a fine-tuned model at the API (needs the Owner role; it cannot be undone).",
        discussion: "Asks for confirmation on a terminal; elsewhere --yes is required.")

    @Argument(help: "The fine-tuned model id (ft:…).", completion: DaemonCompletion.models)
    var model: String

    @Flag(name: [.short, .long], help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw CtlFailure("deleting \(model) cannot be undone; pass --yes to confirm").report()
            }
            StandardStreams.err("Delete \(model)? It cannot be undone. [y/N] ")
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                throw CtlFailure("not deleted").report()
            }
        }
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Models.Delete(id: model))
            if daemon.json {
                try JSONOutput.print(reply)
            } else {
                Output.line("Deleted \(model).")
            }
        }
    }
}
