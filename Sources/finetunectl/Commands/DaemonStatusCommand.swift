import ControlProtocol
import ArgumentParser
import Foundation

/// `finetunectl daemon-status`: how finetuned itself is doing.
struct DaemonStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon-status",
        abstract: "Show how finetuned is doing: its accounts' health, job counts, polling, database.",
        discussion: """
            HEALTH is one word (ok, backoff, unreachable, refused, misconfigured, failing, unknown); -v adds the API's last \
            error for each account, which --json always has as "message". BACKOFF is how long the \
            account still waits before asking the API again.
            """)

    @Flag(name: [.short, .long], help: "Show each account's last API error in full.")
    var verbose = false

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Service.Status())
            if daemon.json {
                try JSONOutput.print(reply)
                return
            }
            let status = try reply.decode(WireServiceStatus.self)
            Output.line(
                Self.render(
                    status, socket: session.socketPath, verbose: verbose, terminal: .standardOutput(),
                    width: OutputWidth.current()))
        }
    }

    /// The report, for people.
    static func render(
        _ status: WireServiceStatus, socket: String, verbose: Bool, terminal: Terminal, width: Int?,
        now: Double = Date().timeIntervalSince1970
    ) -> String {
        var out: [String] = []
        out.append(
            terminal.bold("finetuned \(status.version)")
                + " — up \(TimeText.duration(status.uptime_seconds)), socket \(socket)")
        out.append(status.status_line)
        if let refused = status.reload_refused {
            let when = status.reload_refused_at.map { " at \(TimeText.date($0))" } ?? ""
            out.append(terminal.red("Reload refused\(when): \(refused)") + "; running the configuration it had")
        }
        out.append("")
        var accounts = Table(["ACCOUNT", "HEALTH", "LAST POLL", "REQUESTS", "BACKOFF", "RATE LIMIT", "BASE URL"])
        for account in status.accounts {
            let lastPoll = account.last_poll.map { TimeText.duration(now - Double($0)) + " ago" } ?? "never"
            let rate =
                account.rate_limit_remaining_requests.map {
                    "\($0)/\(account.rate_limit_limit_requests.map(String.init) ?? "?")"
                } ?? "-"
            accounts.add([
                account.name, healthWord(account.health), lastPoll,
                account.last_poll == nil ? "-" : String(account.last_poll_requests),
                backoff(account), rate, account.base_url,
            ])
        }
        out.append(accounts.renderLeft(numeric: [3], width: width, elidable: [0, 6], droppable: [5, 6, 2]))
        let troubled = status.accounts.filter { $0.message != nil }
        if verbose {
            for account in troubled {
                let since = account.since.map { " (since \(TimeText.date($0)))" } ?? ""
                out.append("  \(account.name): \(account.message ?? "")\(since)")
            }
        } else if !troubled.isEmpty {
            out.append(terminal.dim("  (-v shows the API's last error for each account)"))
        }
        out.append("")
        let counts = status.jobs.map { "\($0.status) \($0.count)" }.joined(separator: ", ")
        out.append(terminal.bold("Jobs: ") + "\(grouped(status.total_jobs))" + (counts.isEmpty ? "" : " (\(counts))"))
        let lastPoll = status.last_poll.map { TimeText.duration(now - Double($0)) + " ago" } ?? "never"
        out.append(
            terminal.bold("Polling: ")
                + (status.poll_running
                    ? "running now" : "last \(lastPoll), next in \(TimeText.duration(status.next_poll_seconds))")
                + "; \(status.watchers) watcher\(status.watchers == 1 ? "" : "s")")
        let wal = status.database_wal_bytes.map { $0 > 0 ? " (\(megabytes(Int($0))) of it write-ahead log)" : "" } ?? ""
        out.append(
            terminal.bold("Database: ")
                + "\(status.database_path), \(megabytes(Int(status.database_bytes)))\(wal), schema \(status.schema_version)"
        )
        return out.joined(separator: "\n")
    }

    /// The account's health as one word.
    static func healthWord(_ health: String) -> String {
        health == "backing_off" ? "backoff" : health.replacingOccurrences(of: "_", with: "-")
    }

    /// The back-off that remains, rounded up (a wait of 0.4 s is "1s", never "0s"); "now" while
    /// backing off with the wait over (the next attempt is under way); "-" when not backing off.
    static func backoff(_ account: WireServiceStatus.Account) -> String {
        if account.backoff_seconds > 0 { return TimeText.duration(account.backoff_seconds.rounded(.up)) }
        return account.health == "backing_off" || account.health == "unreachable" ? "now" : "-"
    }
}
