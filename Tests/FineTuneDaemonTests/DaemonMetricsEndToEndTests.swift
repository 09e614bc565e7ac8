import DaemonMetrics
@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAISimulator
import Testing

/// Daemons in this process with metrics on: each counts its own requests, by code, exactly as
/// its simulator saw them, and none sees another's series (each owns its registry).
@Suite(.serialized) struct DaemonMetricsEndToEndTests {
    /// `series value` of the exposition, e.g. `finetuned_jobs{account="sim",status="failed"}` → 1.
    func values(_ daemon: Daemon) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in String(decoding: daemon.renderMetrics(), as: UTF8.self).split(separator: "\n")
        where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            values[String(line[..<space])] = value
        }
        return values
    }

    /// The daemon's `GET` requests by endpoint and code (the fixture's own client only POSTs).
    func counted(_ daemon: Daemon) -> [String: Double] {
        var counts: [String: Double] = [:]
        for (series, value) in values(daemon)
        where series.hasPrefix("finetuned_api_requests_total{account=\"sim\",endpoint=\"GET ") {
            counts[series, default: 0] += value
        }
        return counts
    }

    func seen(_ simulator: OpenAISimulator) -> [String: Double] {
        var counts: [String: Double] = [:]
        for record in simulator.requestLog() where record.endpoint.hasPrefix("GET ") {
            let code = record.status == 0 ? "none" : String(record.status)
            counts[
                "finetuned_api_requests_total{account=\"sim\",endpoint=\"\(record.endpoint)\",code=\"\(code)\"}",
                default: 0] += 1
        }
        return counts
    }

    @Test func twoDaemonsCountTheirOwnRequestsAndCodesUnderFaults() async throws {
        let first = try await DaemonFixture(timeScale: 100, extraConfig: "MetricsListen=127.0.0.1:0")
        let second = try await DaemonFixture(timeScale: 100, extraConfig: "MetricsListen=127.0.0.1:0")
        try await withTearDown({
            await first.tearDown(); await second.tearDown()
        }) {
            let bad = try await first.createJobElsewhere(badLine: 2)
            let a = try await first.startDaemon()
            let b = try await second.startDaemon()
            // Light on purpose: other suites run beside this one and some of them measure time.
            first.simulator.setFaults(FaultPlan(rules: [.init(kind: .status, endpoint: "GET", count: 3, status: 500)]))
            _ = try await a.track(jobID: bad, account: nil)
            _ = try await first.waitForStoredJob(bad, timeout: .seconds(60)) { $0.isTerminal }
            first.simulator.setFaults(FaultPlan())
            // A request the job's end set off (the models refresh) may still be in flight; a stop
            // now would cancel it after the simulator answered, and the daemon would rightly count
            // it as unanswered. Let the two logs meet first, then stop.
            let settled = ContinuousClock.now + .seconds(30)
            while counted(a) != seen(first.simulator), ContinuousClock.now < settled {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await first.stopDaemon()  // no cycle between the two counts below

            // Stopped, the daemon still renders what it recorded; it is stopped so nothing moves.
            let recorded = counted(a)
            #expect(recorded == seen(first.simulator))
            #expect(
                recorded.filter { $0.key.hasSuffix("code=\"500\"}") }.values.reduce(0, +) == 3, "the faults, by code")
            let all = values(a)
            #expect(all["finetuned_jobs{account=\"sim\",status=\"failed\"}"] == 1)
            #expect((all["finetuned_poll_cycle_duration_seconds_count"] ?? 0) >= 1)

            let other = values(b)
            #expect(counted(b) == seen(second.simulator))
            #expect(other["finetuned_jobs{account=\"sim\",status=\"failed\"}"] == nil, "no series of the other daemon")
        }
    }

    @Test func withoutMetricsListenNothingIsRecorded() async throws {
        try await withDaemon(timeScale: 100) { fixture in
            let id = try await fixture.createJobElsewhere()
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)  // requests made, a job stored
            #expect(!daemon.metrics.isEnabled)
            #expect(values(daemon).keys.sorted() == ["finetuned_build_info{version=\"\(ControlServer.version)\"}"])
        }
    }
}
