import ControlProtocol
import ArgumentParser

/// `finetunectl models`: the fine-tuned models of the jobs finetuned keeps, with their shutdown
/// dates; `--retiring` lists those with a date, fewest days left first, marked at 30 and 7 days.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the fine-tuned models made by the jobs finetuned keeps.",
        discussion: """
            SHUTDOWN is the day a model stops answering: the API's date, else [Retirement] ModelShutdown= \
            in finetuned.conf, else the built-in table of announced dates (SOURCE says which: api, config, \
            announced). A fine-tune inherits its base's. On Azure, TRAINING ENDS is the last day the model \
            can be fine-tuned (deprecation.fine_tune).
            With --retiring: only models with a date, fewest days left first; "!" marks 30 days or fewer, \
            "!!" 7 days or fewer. Move one with: finetunectl migrate JOB --to ACCOUNT.
            """)

    @Flag(help: "Include deleted models.")
    var all = false

    @Flag(help: "Only models with a shutdown or training end date, fewest days left first.")
    var retiring = false

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(
                ControlRequest.Models.List(include_deleted: all, retiring: retiring))
            if daemon.json {
                try JSONOutput.print(reply)
                return
            }
            let models = try reply["models"].orNull.decode([WireModel].self)
            guard !models.isEmpty else {
                Output.line(retiring ? "No fine-tuned model has a shutdown date." : "No fine-tuned models.")
                return
            }
            if retiring {
                Output.line(
                    Self.retiringTable(models).renderLeft(
                        width: OutputWidth.current(), elidable: [1, 7], droppable: [7, 6, 5]))
                return
            }
            var table = Table(["MODEL", "JOB", "BASE", "CREATED", "SHUTDOWN", "ACCOUNT"] + (all ? ["DELETED"] : []))
            for model in models {
                table.add(
                    [
                        model.id, model.job_id ?? "-", model.base_model ?? "-", TimeText.date(model.created_at),
                        model.shutdown_date ?? "-", model.account,
                    ] + (all ? [model.deleted ? "yes" : "no"] : []))
            }
            Output.line(table.renderLeft(width: OutputWidth.current(), elidable: [1, 2, 5], droppable: [4, 5, 3, 2]))
        }
    }

    /// MARK, DAYS, MODEL, SHUTDOWN, SOURCE, TRAINING ENDS, ACCOUNT, JOB.
    static func retiringTable(_ models: [WireModel]) -> Table {
        var table = Table(["", "MODEL", "DAYS", "SHUTDOWN", "SOURCE", "TRAINING ENDS", "ACCOUNT", "JOB"])
        for model in models {
            let left = [model.days_left, model.fine_tune_days_left].compactMap { $0 }.min()
            table.add([
                RetirementMark.mark(daysLeft: left), model.id, model.days_left.map(String.init) ?? "-",
                model.shutdown_date ?? "-", model.shutdown_source ?? "-",
                model.fine_tune_ends.map { "\($0) (\(model.fine_tune_source ?? "?"))" } ?? "-",
                model.account, model.job_id ?? "-",
            ])
        }
        return table
    }
}

/// The marks `models --retiring` puts before a model.
enum RetirementMark {
    /// "!!" at 7 days or fewer, "!" at 30 or fewer, "x" once past, else nothing.
    static func mark(daysLeft: Int?) -> String {
        guard let daysLeft else { return "" }
        if daysLeft < 0 { return "x" }
        if daysLeft <= 7 { return "!!" }
        if daysLeft <= 30 { return "!" }
        return ""
    }
}
