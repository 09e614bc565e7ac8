import ArgumentParser
import ControlProtocol

/// `cancel`, `pause` and `resume`: one API action on one job, answered with the job after it.
protocol JobActionCommand: AsyncParsableCommand {
    /// `Jobs.Cancel`, `Jobs.Pause` or `Jobs.Resume`.
    associatedtype Request: IDRequestValue
    /// "Cancelled": what is said when the job is now in ``outcome``.
    static var verb: String { get }
    /// "cancel": what is said when the API took the request but the job is not there yet.
    static var request: String { get }
    /// The status the action leads to (nil when more than one can follow, as after resume).
    static var outcome: String? { get }
    var job: String { get }
    var daemon: DaemonOptions { get }
}

extension JobActionCommand {
    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(Request(id: job))
            if daemon.json {
                try JSONOutput.print(reply)
            } else {
                let after = try reply["job"].orNull.decode(WireJob.self)
                Output.line(Self.sentence(after, terminal: .standardOutput()))
            }
        }
    }

    /// "Cancelled ftjob-1." when the job is now cancelled; "Asked to cancel ftjob-1; it is still
    /// running." when the API has not finished; "Resumed ftjob-1; it is now queued." otherwise.
    static func sentence(_ after: WireJob, terminal: Terminal) -> String {
        let status = JobPrinter(terminal: terminal).status(after.status)
        if let outcome, after.status == outcome { return "\(verb) \(after.id)." }
        if outcome != nil { return "Asked to \(request) \(after.id); it is still \(status)." }
        return "\(verb) \(after.id); it is now \(status)."
    }
}

struct CancelCommand: JobActionCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a job.")
    typealias Request = ControlRequest.Jobs.Cancel
    static let verb = "Cancelled"
    static let request = "cancel"
    static let outcome: String? = "cancelled"
    @Argument(help: "The job id.", completion: DaemonCompletion.jobs) var job: String
    @OptionGroup var daemon: DaemonOptions
}

struct PauseCommand: JobActionCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a running job.")
    typealias Request = ControlRequest.Jobs.Pause
    static let verb = "Paused"
    static let request = "pause"
    static let outcome: String? = "paused"
    @Argument(help: "The job id.", completion: DaemonCompletion.jobs) var job: String
    @OptionGroup var daemon: DaemonOptions
}

struct ResumeCommand: JobActionCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused job.")
    typealias Request = ControlRequest.Jobs.Resume
    static let verb = "Resumed"
    static let request = "resume"
    static let outcome: String? = nil
    @Argument(help: "The job id.", completion: DaemonCompletion.jobs) var job: String
    @OptionGroup var daemon: DaemonOptions
}
