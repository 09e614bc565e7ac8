import FineTuneDaemon
import FinetunedTesting
import Foundation
import OpenAISimulator
import Testing

/// `daemon-status` as a person reads it: short words in the table, the back-off that remains,
/// a refused reload, the database with its write-ahead log.
@Suite(.serialized) struct DaemonStatusTests {
    /// Asks `daemon-status --json` until `condition` holds (the poller's next cycle is an event
    /// outside the test's reach; each ask is a real round trip, not a sleep).
    func status(
        _ fixture: CtlFixture, timeout: Duration = .seconds(60),
        until condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let run = try await fixture.ctl("daemon-status", "--json")
            let status = try run.json()
            if condition(status) { return status }
            guard ContinuousClock.now < deadline else { throw FixtureError("daemon-status never matched: \(run)") }
        }
    }

    @Test func underBackOffHealthIsOneWordAndTheRemainingWaitIsShown() async throws {
        try await CtlFixture.with(timeScale: 100, maxRetries: 0) { fixture in
            let file = try fixture.trainingFile(examples: 12)
            let submitted = try await fixture.ctl("submit", file, "--model", "gpt-4o-mini", "--epochs", "50")
            #expect(submitted.status == 0, "\(submitted)")
            // No Retry-After: the client's gate stays open, and the wait is the poller's stretched
            // interval before the next cycle.
            fixture.simulator.setFaults(FaultPlan(rules: [FaultRule(kind: .status, status: 429)]))

            let json = try await status(fixture) {
                let account = ($0["accounts"] as? [[String: Any]])?.first
                return account?["health"] as? String == "backing_off"
                    && (account?["backoff_seconds"] as? Double ?? 0) > 0
            }
            let account = try #require((json["accounts"] as? [[String: Any]])?.first)
            #expect((account["message"] as? String)?.contains("429") == true, "the full error is in --json: \(account)")
            #expect((account["backoff_seconds"] as? Double ?? 0) > 0, "\(account)")
            #expect((account["last_poll_requests"] as? Int ?? 0) >= 1, "the refused request counts: \(account)")

            let text = try await fixture.ctl("daemon-status")
            #expect(text.status == 0, "\(text)")
            let lines = text.stdout.split(separator: "\n").map(String.init)
            let header = try #require(lines.first { $0.hasPrefix("ACCOUNT") }, "\(text)")
            let row = try #require(lines.first { $0.hasPrefix("sim ") }, "\(text)")
            let cells = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(cells[1] == "backoff", "health is one word: \(text)")
            func offset(_ title: String, end: Bool = false) throws -> Int {
                let range = try #require(header.range(of: title))
                return header.distance(from: header.startIndex, to: end ? range.upperBound : range.lowerBound)
            }
            let characters = Array(row)
            let requests = String(characters[..<min(characters.count, try offset("REQUESTS", end: true))])
                .split(separator: " ").last.flatMap { Int($0) }
            #expect((requests ?? 0) >= 1, "REQUESTS shows the last poll's requests: \(text)")
            let backoff =
                String(characters[try offset("BACKOFF")...]).split(separator: " ").first.map(String.init) ?? ""
            // Between cycles the wait that remains; during one, "now".
            #expect(
                backoff != "0s" && backoff != "-" && (backoff.hasSuffix("s") || backoff == "now"),
                "the wait that remains: \(backoff)\n\(text)")
            #expect(row.count < 120 && !row.contains("429"), "no API error text in the table: \(text)")
            #expect(text.stdout.contains("-v shows"), "\(text)")

            let verbose = try await fixture.ctl("daemon-status", "-v")
            #expect(
                verbose.stdout.contains("sim: ") && verbose.stdout.contains("429"), "-v shows the error: \(verbose)")
        }
    }

    @Test func aRefusedReloadIsShownWithItsFileAndLineUntilAReloadSucceeds() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let broken = fixture.config.replacingOccurrences(of: "PollInterval=1s", with: "PollInterval=soon")
            let line =
                try #require(
                    broken.split(separator: "\n", omittingEmptySubsequences: false)
                        .firstIndex { $0.hasPrefix("PollInterval=soon") }) + 1
            try broken.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            await fixture.daemon.reload()

            let json = try await fixture.ctl("daemon-status", "--json")
            let refused = try #require(try json.json()["reload_refused"] as? String, "\(json)")
            #expect(refused.contains("finetuned.conf:\(line)") && refused.contains("PollInterval"), "\(refused)")
            #expect(try json.json()["reload_refused_at"] is Int)
            #expect(
                fixture.daemon.statusLine.contains("reload refused")
                    && fixture.daemon.statusLine.contains("finetuned.conf:\(line)"),
                "STATUS= says it too: \(fixture.daemon.statusLine)")

            let text = try await fixture.ctl("daemon-status")
            #expect(text.stdout.contains("Reload refused") && text.stdout.contains("finetuned.conf:\(line)"), "\(text)")
            #expect(text.stdout.contains("running the configuration it had"), "\(text)")

            try fixture.config.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            await fixture.daemon.reload()
            let after = try await fixture.ctl("daemon-status", "--json")
            #expect(try after.json()["reload_refused"] == nil, "a good reload clears it: \(after)")
            #expect(!fixture.daemon.statusLine.contains("reload refused"))
        }
    }

    @Test func theDatabaseSizeIncludesItsWriteAheadLog() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let submitted = try await fixture.ctl(
                "submit", "config/examples/teaching-assistant.jsonl", "--model", "gpt-4o-mini", "--wait")
            #expect(submitted.status == 0, "\(submitted)")
            let json = try await fixture.ctl("daemon-status", "--json")
            let status = try json.json()
            let path = try #require(status["database_path"] as? String)
            func size(_ path: String) -> Int {
                (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            }
            let wal = size(path + "-wal")
            try #require(wal > 0, "the daemon writes through a WAL")
            let reported = try #require(status["database_bytes"] as? Int)
            #expect(reported > size(path), "more than the main file: \(reported) vs \(size(path))")
            #expect(reported >= size(path) + wal / 2, "\(reported) vs \(size(path)) + \(wal)")
            #expect((status["database_wal_bytes"] as? Int ?? 0) > 0)
        }
    }

    @Test func everyBinaryPrintsTheOneVersion() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let daemonVersion = try #require(
                try await fixture.ctl("daemon-status", "--json").json()["version"] as? String)
            for program in ["finetunectl", "finetuned", "openai-sim"] {
                let run = try await Ctl.run(["--version"], program: program)
                #expect(run.status == 0 && run.stdout == daemonVersion + "\n", "\(program): \(run)")
            }
        }
    }
}
