import ControlProtocol
import FoundationEssentials
import Glibc
import JobStore
import Varlink

/// `io.finetuned.Service`: the daemon's own state.
struct ServiceInterface {
    static let name = ControlInterface.service
    let daemon: any ServiceControl

    func make(description: String) throws -> VarlinkInterface {
        var interface = try VarlinkInterface(description: description)
        interface.handle(ControlRequest.Service.Status.self, access: .read) { _, _ in
            try await mapped(interface: Self.name) { VarlinkReply(try await status()) }
        }
        return interface
    }

    private func status() async throws -> Wire.ServiceStatus {
        let counts = try daemon.store.statusCounts()
        let poller = daemon.pollerStatus
        var accounts: [Wire.ServiceStatus.Account] = []
        for entry in daemon.accountEntries {
            let health = poller?.health[entry.configuration.name] ?? AccountHealth()
            let rateLimit = await entry.client.rateLimit
            var account = Wire.ServiceStatus.Account(
                name: entry.configuration.name, base_url: entry.configuration.baseURL.absoluteString,
                health: health.state.rawValue, message: health.message,
                since: health.since.map { Int64($0.timeIntervalSince1970) },
                last_poll: health.lastPoll.map { Int64($0.timeIntervalSince1970) },
                last_poll_requests: health.lastPollRequests,
                backoff_seconds: Self.backoffRemaining(
                    health: health, gate: await entry.client.backoffRemaining, nextCycle: poller?.nextCycleIn ?? .zero),
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
        let mainBytes = Self.fileSize(path)
        let sideBytes = Self.fileSize(path + "-wal") + Self.fileSize(path + "-shm")
        let refused = daemon.reloadRefusal
        var reply = Wire.ServiceStatus(
            version: ControlServer.version, uptime_seconds: Date().timeIntervalSince(daemon.started),
            status_line: daemon.statusLine, accounts: accounts,
            jobs: counts.counts.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                Wire.ServiceStatus.StatusCount(status: $0.key.rawValue, count: $0.value)
            },
            total_jobs: counts.total, last_poll: poller?.lastCycleEnded.map { Int64($0.timeIntervalSince1970) },
            next_poll_seconds: poller?.nextCycleIn.seconds ?? 0, poll_running: poller?.cycleRunning ?? false,
            database_path: path, database_bytes: mainBytes + sideBytes,
            schema_version: Int(try daemon.store.schemaVersion),
            watchers: daemon.watcherCount)
        reply.poll_interval_seconds = poller?.scheduledInterval?.seconds
        reply.measured_poll_interval_seconds = poller?.measuredInterval?.seconds
        reply.database_wal_bytes = sideBytes
        reply.reload_refused = refused?.message
        reply.reload_refused_at = refused.map { Int64($0.at.timeIntervalSince1970) }
        return reply
    }

    /// How long the account waits before it asks the API again: the client's gate (an announced
    /// `Retry-After`) or, while the account backs off or cannot reach the API, the stretched
    /// wait for the next cycle, whichever is longer.
    static func backoffRemaining(health: AccountHealth, gate: Duration, nextCycle: Duration) -> Double {
        let troubled = health.state == .backingOff || health.state == .unreachable
        return max(gate.seconds, troubled ? nextCycle.seconds : 0)
    }

    /// The size of the file at `path`; 0 when there is none (a WAL not yet made).
    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}
