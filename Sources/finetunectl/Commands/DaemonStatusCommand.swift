import ArgumentParser
import Foundation
import Varlink

/// `finetunectl daemon-status`: how finetuned itself is doing.
struct DaemonStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon-status",
        abstract: "Show how finetuned is doing: its accounts' health, job counts, polling, database.")

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call("io.finetuned.Service.Status", [String: String]())
            if daemon.json {
                try JSONOutput.print(reply)
                return
            }
            let status = try reply.decode(WireServiceStatus.self)
            let terminal = Terminal.standardOutput()
            let now = Date().timeIntervalSince1970
            print(terminal.bold("finetuned \(status.version)") + " — up \(TimeText.duration(status.uptime_seconds)), socket \(session.socketPath)")
            print(status.status_line)
            print("")
            var accounts = Table(["ACCOUNT", "HEALTH", "LAST POLL", "REQUESTS", "BACKOFF", "RATE LIMIT", "BASE URL"])
            for account in status.accounts {
                let lastPoll = account.last_poll.map { TimeText.duration(now - Double($0)) + " ago" } ?? "never"
                let rate = account.rate_limit_remaining_requests.map { "\($0)/\(account.rate_limit_limit_requests.map(String.init) ?? "?")" } ?? "-"
                accounts.add([account.name, account.health + (account.message.map { " (\($0))" } ?? ""), lastPoll,
                              String(account.last_poll_requests),
                              account.backoff_seconds > 0 ? TimeText.duration(account.backoff_seconds) : "-", rate, account.base_url])
            }
            print(accounts.renderLeft())
            print("")
            let counts = status.jobs.map { "\($0.status) \($0.count)" }.joined(separator: ", ")
            print(terminal.bold("Jobs: ") + "\(grouped(status.total_jobs))" + (counts.isEmpty ? "" : " (\(counts))"))
            let lastPoll = status.last_poll.map { TimeText.duration(now - Double($0)) + " ago" } ?? "never"
            print(terminal.bold("Polling: ") + (status.poll_running ? "running now" : "last \(lastPoll), next in \(TimeText.duration(status.next_poll_seconds))")
                + "; \(status.watchers) watcher\(status.watchers == 1 ? "" : "s")")
            print(terminal.bold("Database: ") + "\(status.database_path), \(megabytes(Int(status.database_bytes))), schema \(status.schema_version)")
        }
    }
}
