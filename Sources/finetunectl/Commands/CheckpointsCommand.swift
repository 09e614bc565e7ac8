import ControlProtocol
import ArgumentParser

/// `finetunectl checkpoints JOB`: the checkpoints kept for a job.
struct CheckpointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints", abstract: "List a job's checkpoints (usable models at given steps).")

    @Argument(help: "The job id.", completion: DaemonCompletion.jobs)
    var job: String

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Jobs.Checkpoints(id: job))
            if daemon.json {
                try JSONOutput.print(reply)
                return
            }
            let checkpoints = try reply["checkpoints"].orNull.decode([WireCheckpoint].self)
            guard !checkpoints.isEmpty else {
                // "yet" only while more can come.
                let ended = try await session.job(job).isTerminal
                Output.line(ended ? "No checkpoints for \(job)." : "No checkpoints yet for \(job).")
                return
            }
            Output.line(JobPrinter(terminal: .standardOutput()).checkpoints(checkpoints, width: OutputWidth.current()))
        }
    }
}
