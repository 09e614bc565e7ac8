import ControlProtocol
import ArgumentParser

/// `finetunectl untrack JOB`: finetuned keeps the job but stops polling it.
struct UntrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "untrack",
        abstract: "Stop polling a job; finetuned keeps what it has stored (`track` starts again).")

    @Argument(help: "The job id.", completion: DaemonCompletion.jobs)
    var job: String

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Jobs.Untrack(id: job))
            if daemon.json {
                try JSONOutput.print(reply)
            } else {
                let job = try reply["job"].orNull.decode(WireJob.self)
                Output.line(
                    "No longer tracking \(job.id) (\(JobPrinter(terminal: .standardOutput()).status(job.status))); finetuned keeps what it stored. `finetunectl track \(job.id)` starts again."
                )
            }
        }
    }
}
