import ControlProtocol
import ArgumentParser

/// `finetunectl status JOB`: one job as finetuned last saw it.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show one job as finetuned last saw it.")

    @Argument(help: "The job id.", completion: DaemonCompletion.jobs)
    var job: String

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Jobs.Get(id: job))
            if daemon.json {
                try JSONOutput.print(reply)
            } else {
                Output.line(
                    JobPrinter(terminal: .standardOutput()).detail(try reply["job"].orNull.decode(WireJob.self)))
            }
        }
    }
}
