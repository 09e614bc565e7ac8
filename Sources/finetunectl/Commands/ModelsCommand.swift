import ArgumentParser
import Varlink

/// `finetunectl models`: the fine-tuned models of the jobs finetuned keeps.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the fine-tuned models made by the jobs finetuned keeps.")

    @Flag(help: "Include deleted models.")
    var all = false

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call("io.finetuned.Models.List", ["include_deleted": all])
            if daemon.json {
                try JSONOutput.print(reply)
                return
            }
            let models = try reply["models"].orNull.decode([WireModel].self)
            guard !models.isEmpty else {
                Output.line("No fine-tuned models.")
                return
            }
            var table = Table(["MODEL", "JOB", "BASE", "CREATED", "SHUTDOWN", "ACCOUNT"] + (all ? ["DELETED"] : []))
            for model in models {
                table.add([model.id, model.job_id ?? "-", model.base_model ?? "-", TimeText.date(model.created_at),
                           model.shutdown_date ?? "-", model.account] + (all ? [model.deleted ? "yes" : "no"] : []))
            }
            Output.line(table.renderLeft(width: OutputWidth.current(), elidable: [1, 2, 5], droppable: [4, 5, 3, 2]))
        }
    }
}
