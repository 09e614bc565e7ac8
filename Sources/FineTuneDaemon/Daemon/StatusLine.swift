import FoundationEssentials
import JobStore

/// The one-line summary systemd shows (`STATUS=`, `systemctl status`):
/// "3 running, 1 queued; last poll 12 s ago" and, when an account is in trouble, why; and a
/// refused reload, with the file and line that stopped it, until a reload succeeds; and the
/// nearest model shutdown within 7 days.
enum StatusLine {
    static func make(
        counts: StatusCounts, poller: Poller.Status, refusedReload: RefusedReload? = nil,
        retiring: RetiringSoon? = nil, now: Date = Date()
    ) -> String {
        let order: [JobStatus] = [.running, .queued, .validatingFiles, .paused]
        var parts = order.compactMap { status -> String? in
            let count = counts[status]
            return count > 0 ? "\(count) \(status.rawValue.replacing("_", with: " "))" : nil
        }
        let others = counts.active - order.reduce(0) { $0 + counts[$1] }
        if others > 0 { parts.append("\(others) other") }
        var line = parts.isEmpty ? "no unfinished jobs" : parts.joined(separator: ", ")
        if let last = poller.lastCycleEnded {
            line += "; last poll \(Int(now.timeIntervalSince(last).rounded())) s ago"
        } else {
            line += "; first poll pending"
        }
        let troubled = poller.health.sorted { $0.key < $1.key }.filter {
            $0.value.state != .ok && $0.value.state != .unknown
        }
        for (name, walk) in poller.adoption.sorted(by: { $0.key < $1.key }) where !walk.isComplete {
            line +=
                "; \(name): adopting, \(NumberText.grouped(walk.found)) jobs found so far"
        }
        for (name, health) in troubled {
            line += "; \(name): \(health.state.rawValue.replacing("_", with: " "))"
        }
        if let retiring { line += "; \(retiring.description)" }
        if let refusedReload {
            line += "; reload refused, running the previous configuration: \(refusedReload.message)"
        }
        return line
    }
}
