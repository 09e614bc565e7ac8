import ControlProtocol
import ArgumentParser

/// `finetunectl track JOB`: has finetuned keep and poll a job created elsewhere.
struct TrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Start tracking a job created elsewhere (the dashboard, another tool).")

    @Argument(help: "The job id (ftjob-…).")
    var job: String

    @Option(help: "The account the job belongs to (default: the first configured).")
    var account: String?

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Jobs.Track(id: job, account: account))
            if daemon.json {
                try JSONOutput.print(reply)
            } else {
                let tracked = try reply["job"].orNull.decode(WireJob.self)
                Output.line(
                    "Tracking \(tracked.id) (\(JobPrinter(terminal: .standardOutput()).status(tracked.status)), account \(tracked.account))."
                )
            }
        }
    }
}
