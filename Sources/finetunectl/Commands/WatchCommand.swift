import ArgumentParser
import Foundation
import ControlProtocol

/// `finetunectl watch [JOB…]`: follows jobs until they end.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow jobs until they end (all unfinished tracked jobs when none are named).",
        discussion: """
            With one job: a live line (step / total, loss, ETA) on standard error and its events as they \
            come, then how it ended on standard output. With several: a line per status change. \
            With --json: one {"job": …} object per line at every change (JSON Lines).
            Exit codes: 0 every job succeeded; 1 a job failed or was cancelled; 2 usage or connection error.
            """)

    @Argument(help: "Job ids.", completion: DaemonCompletion.jobs)
    var jobs: [String] = []

    @Flag(help: "No progress on standard error when it is not a terminal.")
    var quiet = false

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        let terminal = Terminal.standardOutput()
        let printer = JobPrinter(terminal: terminal)
        try await DaemonSession.run(daemon) { session in
            let follower = JobFollower(session: session)
            let ended: [WireJob]
            if jobs.count == 1 && !daemon.json {
                let job = try await follower.follow(jobs[0], progress: .standardError(quiet: quiet))
                Output.line(endedText(job, terminal: terminal))
                ended = [job]
            } else {
                var statuses: [String: String] = [:]
                ended = try await follower.watch(jobs) { reply, job in
                    if daemon.json {
                        JSONLines.print(reply)
                    } else if let job, statuses[job.id] != job.status {
                        statuses[job.id] = job.status
                        var line =
                            "\(terminal.dim(TimeText.date(Int64(Date().timeIntervalSince1970))))  \(job.id)  \(printer.status(job.status))"
                        if let model = job.fine_tuned_model { line += "  \(model)" }
                        if let message = job.error?.message { line += "  \(message)" }
                        Output.line(line)
                    }
                }
                if ended.isEmpty && !daemon.json { Output.line("No unfinished jobs to watch.") }
            }
            if ended.contains(where: { $0.status != "succeeded" }) { throw CtlExit.jobFailed }
        }
    }
}
