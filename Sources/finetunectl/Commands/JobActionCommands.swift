import ArgumentParser
import Varlink

/// `cancel`, `pause` and `resume`: one API action on one job, answered with the job after it.
protocol JobActionCommand: AsyncParsableCommand {
    static var method: String { get }
    static var verb: String { get }
    var job: String { get }
    var daemon: DaemonOptions { get }
}

extension JobActionCommand {
    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call("io.finetuned.Jobs.\(Self.method)", ["id": job])
            if daemon.json {
                try JSONOutput.print(reply)
            } else {
                let after = try reply["job"].orNull.decode(WireJob.self)
                print("\(Self.verb) \(after.id); it is now \(JobPrinter(terminal: .standardOutput()).status(after.status)).")
            }
        }
    }
}

struct CancelCommand: JobActionCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a job.")
    static let method = "Cancel"
    static let verb = "Cancelled"
    @Argument(help: "The job id.", completion: DaemonCompletion.jobs) var job: String
    @OptionGroup var daemon: DaemonOptions
}

struct PauseCommand: JobActionCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a running job.")
    static let method = "Pause"
    static let verb = "Paused"
    @Argument(help: "The job id.", completion: DaemonCompletion.jobs) var job: String
    @OptionGroup var daemon: DaemonOptions
}

struct ResumeCommand: JobActionCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused job.")
    static let method = "Resume"
    static let verb = "Resumed"
    @Argument(help: "The job id.", completion: DaemonCompletion.jobs) var job: String
    @OptionGroup var daemon: DaemonOptions
}
