import ControlProtocol
import ArgumentParser
import Foundation

/// `finetunectl events JOB [--follow]`: a job's events, oldest first.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print a job's events, oldest first; with --follow, then each new one until the job ends.",
        discussion:
            "With --json: one {\"events\": […], \"status\": …} object; with --follow, one per line as they come (JSON Lines)."
    )

    @Argument(help: "The job id.", completion: DaemonCompletion.jobs)
    var job: String

    @Flag(name: [.short, .long], help: "Keep printing new events until the job ends.")
    var follow = false

    @Option(help: ArgumentHelp("Only events after this event id.", valueName: "event-id"))
    var after: String?

    @Option(parsing: .unconditional, help: "At most this many stored events.")
    var limit: Int?

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        let parameters = ControlRequest.Jobs.Events(id: job, after: after, limit: limit)
        let printer = JobPrinter(terminal: .standardOutput())
        try await DaemonSession.run(daemon) { session in
            if !follow {
                let reply = try await session.call(parameters)
                if daemon.json {
                    try JSONOutput.print(reply)
                } else {
                    for event in try reply.decode(WireEventsReply.self).events { Output.line(printer.event(event)) }
                }
                return
            }
            _ = try await JobFollower(session: session).followable(job)
            for try await reply in try session.callMore(parameters) {
                if daemon.json {
                    JSONLines.print(.object(reply))
                } else {
                    for event in try JSONValue.object(reply).decode(WireEventsReply.self).events {
                        Output.line(printer.event(event))
                    }
                }
            }
        }
    }
}
