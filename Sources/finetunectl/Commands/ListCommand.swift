import ControlProtocol
import ArgumentParser
import Foundation

/// `finetunectl list`: the jobs finetuned keeps, newest first.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the jobs finetuned keeps, newest first (from its store; the API is not asked).")

    @Option(
        name: .customLong("status"),
        help: ArgumentHelp(
            "Only jobs with this status (\(WireJob.statuses.joined(separator: ", "))); repeat for more.",
            valueName: "status"),
        completion: .list(WireJob.statuses))
    var statuses: [String] = []

    @Option(help: "Only jobs of this account.")
    var account: String?

    @Option(help: ArgumentHelp("Only jobs created within this long (90s, 15m, 6h, 2d).", valueName: "duration"))
    var since: String?

    @Option(parsing: .unconditional, help: "At most this many jobs.")
    var limit: Int = 100

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
        for status in statuses where !WireJob.statuses.contains(status) {
            throw ValidationError(
                "--status \(status) is not a job status; the statuses are \(WireJob.statuses.joined(separator: ", "))")
        }
        if let since, TimeText.parseDuration(since) == nil {
            throw ValidationError("--since takes a duration like 90s, 15m, 6h or 2d")
        }
    }

    func run() async throws {
        var parameters = ControlRequest.Jobs.List(
            status: statuses.isEmpty ? nil : statuses, account: account,
            since: since.flatMap(TimeText.parseDuration).map { Int64(Date().timeIntervalSince1970 - $0) }, limit: 0)
        try await DaemonSession.run(daemon) { session in
            var jobs: [JSONValue] = []
            repeat {
                parameters.limit = min(1000, limit - jobs.count)
                let reply = try await session.call(parameters)
                jobs += reply["jobs"]?.arrayValue ?? []
                parameters.cursor = reply["next_cursor"]?.stringValue
            } while parameters.cursor != nil && jobs.count < limit
            if daemon.json {
                try JSONOutput.print(JSONValue.object(["jobs": .array(jobs)]))
            } else if jobs.isEmpty {
                Output.line("No jobs.")
            } else {
                Output.line(
                    JobPrinter(terminal: .standardOutput()).table(
                        try jobs.map { try $0.decode(WireJob.self) }, width: OutputWidth.current()))
            }
        }
    }
}
