import ControlProtocol
import Foundation
import JobStore
import Varlink

/// `io.finetuned.Service`: the daemon's own state.
struct ServiceInterface {
    static let name = ControlInterface.service
    let daemon: Daemon

    func make(description: String) throws -> VarlinkInterface {
        var interface = try VarlinkInterface(description: description)
        interface.handle("Status", access: .read) { _ in
            try await mapped(interface: Self.name) { VarlinkReply(try await status()) }
        }
        return interface
    }

    private func status() async throws -> Wire.ServiceStatus {
        let counts = try daemon.store.statusCounts()
        let poller = daemon.poller?.status
        var accounts: [Wire.ServiceStatus.Account] = []
        for entry in daemon.clients?.entries ?? [] {
            let health = poller?.health[entry.configuration.name] ?? AccountHealth()
            let rateLimit = await entry.client.rateLimit
            var account = Wire.ServiceStatus.Account(
                name: entry.configuration.name, base_url: entry.configuration.baseURL.absoluteString,
                health: health.state.rawValue, message: health.message,
                since: health.since.map { Int64($0.timeIntervalSince1970) },
                last_poll: health.lastPoll.map { Int64($0.timeIntervalSince1970) },
                last_poll_requests: health.lastPollRequests,
                backoff_seconds: (await entry.client.backoffRemaining).seconds,
                rate_limit_limit_requests: rateLimit?.limitRequests,
                rate_limit_remaining_requests: rateLimit?.remainingRequests)
            if entry.configuration.adoptAllJobs {
                let walk = try daemon.store.accountState(entry.configuration.name).adoption
                account.adoption = Wire.ServiceStatus.Adoption(
                    found: walk.found, complete: walk.isComplete,
                    history_pending: try daemon.store.pendingHistoryCount(account: entry.configuration.name))
            }
            accounts.append(account)
        }
        let path = daemon.store.path
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
        var reply = Wire.ServiceStatus(
            version: ControlServer.version, uptime_seconds: Date().timeIntervalSince(daemon.started),
            status_line: daemon.statusLine, accounts: accounts,
            jobs: counts.counts.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                Wire.ServiceStatus.StatusCount(status: $0.key.rawValue, count: $0.value)
            },
            total_jobs: counts.total, last_poll: poller?.lastCycleEnded.map { Int64($0.timeIntervalSince1970) },
            next_poll_seconds: poller?.nextCycleIn.seconds ?? 0, poll_running: poller?.cycleRunning ?? false,
            database_path: path, database_bytes: bytes, schema_version: Int(try daemon.store.schemaVersion),
            watchers: daemon.feed.subscriberCount)
        reply.poll_interval_seconds = poller?.scheduledInterval?.seconds
        reply.measured_poll_interval_seconds = poller?.measuredInterval?.seconds
        return reply
    }
}
