import Foundation
import Testing

/// Tables fit the terminal and `status` reads the same for every job; sentences say each
/// thing once and tell the truth about what can still come.
@Suite(.serialized) struct LayoutTests {
    static let sample = "config/examples/teaching-assistant.jsonl"

    @Test func tablesFitTheWidthGivenAndAreWholeOffATerminal() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let submitted = try await fixture.ctl("submit", Self.sample, "--model", "gpt-4o-mini", "--wait", "--json")
            #expect(submitted.status == 0, "\(submitted)")
            let job = try #require(try submitted.json()["job"] as? [String: Any])
            let id = try #require(job["id"] as? String)
            let model = try #require(job["fine_tuned_model"] as? String)

            let whole = try await fixture.ctl("list")
            #expect(
                whole.stdout.contains(model) && !whole.stdout.contains("…"), "off a terminal nothing is cut: \(whole)")
            let wide = whole.stdout.split(separator: "\n").map(\.count).max() ?? 0
            try #require(wide > 80, "the whole table is wider than the test's terminal: \(whole)")

            let narrow = try await Ctl.run(["list", "--socket", fixture.socketPath], environment: ["COLUMNS": "80"])
            #expect(narrow.status == 0, "\(narrow)")
            let lines = narrow.stdout.split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= 80 }, "every line fits 80 columns:\n\(narrow.stdout)")
            #expect(narrow.stdout.contains("…"), "a cut cell says so: \(narrow)")
            #expect(
                narrow.stdout.contains(id) && narrow.stdout.contains("succeeded"),
                "ids and statuses are never cut: \(narrow)")

            for command in [["models"], ["checkpoints", id], ["daemon-status"]] {
                let run = try await Ctl.run(command + ["--socket", fixture.socketPath], environment: ["COLUMNS": "60"])
                #expect(run.status == 0, "\(command): \(run)")
                // The table: from its header (capitals) to the next blank line.
                let all = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                let start = try #require(
                    all.firstIndex { $0.count > 3 && $0 == $0.uppercased() && $0.contains("  ") }, "\(run)")
                let table = all[start...].prefix { !$0.isEmpty }
                #expect(
                    table.count >= 2 && table.allSatisfy { $0.count <= 60 },
                    "\(command) fits 60 columns:\n\(run.stdout)")
            }
        }
    }

    @Test func statusShowsHyperparametersCostTokensAndSubmissionInOneLabelColumn() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let submitted = try await fixture.ctl(
                "submit", Self.sample, "--model", "gpt-4o-mini", "--epochs", "2", "--wait", "--json")
            #expect(submitted.status == 0, "\(submitted)")
            let id = try #require((try submitted.json()["job"] as? [String: Any])?["id"] as? String)
            let other = try await fixture.createJobElsewhere(badLine: 4)
            _ = try await fixture.ctl("track", other)

            let detail = try await fixture.ctl("status", id)
            #expect(detail.status == 0, "\(detail)")
            #expect(detail.stdout.contains("Hyperparameters:") && detail.stdout.contains("n_epochs=2"), "\(detail)")
            #expect(detail.stdout.contains("Method:") && detail.stdout.contains("supervised"), "\(detail)")
            #expect(detail.stdout.contains("Billed tokens:"), "\(detail)")
            #expect(detail.stdout.contains("Estimated cost:") && detail.stdout.contains("$"), "\(detail)")
            #expect(
                detail.stdout.contains("Submission:") && detail.stdout.contains("teaching-assistant.jsonl"), "\(detail)"
            )

            let json = try await fixture.ctl("status", id, "--json")
            let job = try #require(try json.json()["job"] as? [String: Any])
            #expect((job["hyperparameters"] as? [String: Any])?["n_epochs"] as? Int == 2, "\(job)")
            #expect(
                (job["billed_tokens"] as? Int ?? 0) > 0
                    && job["billed_tokens"] as? Int == job["trained_tokens"] as? Int, "\(job)")
            #expect((job["estimated_cost"] as? Double ?? 0) > 0, "\(job)")

            // The values start in the same column for both jobs, whatever rows each has.
            let elsewhere = try await fixture.ctl("status", other)
            func valueColumns(_ text: String) -> Set<Int> {
                var columns: Set<Int> = []
                for line in text.split(separator: "\n").map({ Array(String($0)) }) {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    if let start = line[(colon + 1)...].firstIndex(where: { $0 != " " }) { columns.insert(start) }
                }
                return columns
            }
            #expect(valueColumns(detail.stdout).count == 1, "\(detail.stdout)")
            #expect(
                valueColumns(detail.stdout) == valueColumns(elsewhere.stdout), "\(detail.stdout)\n\(elsewhere.stdout)")
        }
    }

    @Test func endedJobsAreNotSaidToHaveNothingYetAndActionsAreSaidOnce() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let failed = try await fixture.createJobElsewhere(badLine: 4)
            _ = try await fixture.ctl("track", failed)
            let watched = try await fixture.ctl("watch", failed)
            #expect(watched.status == 1, "\(watched)")

            let checkpoints = try await fixture.ctl("checkpoints", failed)
            #expect(
                checkpoints.status == 0 && checkpoints.stdout == "No checkpoints for \(failed).\n", "\(checkpoints)")
            let metrics = try await fixture.ctl("metrics", failed)
            #expect(metrics.status == 0 && metrics.stdout == "No metrics were recorded for \(failed).\n", "\(metrics)")

            let file = try fixture.trainingFile(examples: 12)
            let running = try await fixture.ctl("submit", file, "--model", "gpt-4o-mini", "--epochs", "50", "--json")
            let id = try #require((try running.json()["job"] as? [String: Any])?["id"] as? String)
            let early = try await fixture.ctl("checkpoints", id)
            #expect(early.stdout.contains("No checkpoints yet"), "a running job may get some: \(early)")

            let cancel = try await fixture.ctl("cancel", id)
            #expect(cancel.status == 0, "\(cancel)")
            #expect(
                cancel.stdout == "Cancelled \(id).\n" || cancel.stdout.hasPrefix("Asked to cancel \(id); it is still"),
                "\(cancel)")
            #expect(!cancel.stdout.contains("it is now cancelled"), "\(cancel)")
        }
    }

    @Test func chatFromStandardInputSendsTheTextWithoutItsLineEnd() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let submitted = try await fixture.ctl("submit", Self.sample, "--model", "gpt-4o-mini", "--wait", "--json")
            let model = try #require((try submitted.json()["job"] as? [String: Any])?["fine_tuned_model"] as? String)
            let chat = try await Ctl.run(
                ["chat", model, "-", "--socket", fixture.socketPath], input: "What is a loop?\n")
            #expect(chat.status == 0, "\(chat)")
            // The simulator quotes the question it got.
            #expect(chat.stdout.contains("\"What is a loop?\""), "\(chat)")
        }
    }

    @Test func aCostUnderACentIsNotShownAsNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftcost-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var text = ""
        for index in 1...12 {
            text +=
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\(index)\"}, {\"role\": \"assistant\", \"content\": \"A\(index)\"}]}\n"
        }
        try text.write(toFile: directory + "/tiny.jsonl", atomically: true, encoding: .utf8)
        // About 200 billed tokens at $3 per million: a twentieth of a cent.
        let run = try await Ctl.run(["validate", directory + "/tiny.jsonl", "--model", "gpt-4o-mini", "--epochs", "1"])
        #expect(run.status == 0, "\(run)")
        let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("Estimated cost:") }, "\(run)")
        #expect(!line.contains("$0.00 "), "\(line)")
        #expect(line.range(of: #"Estimated cost: \$0\.0\d\d\d "#, options: .regularExpression) != nil, "\(line)")
    }

    @Test func aByteOrderMarkIsNamed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftbom-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let line = #"{"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}"#
        try Data([0xEF, 0xBB, 0xBF] + Array((String(repeating: line + "\n", count: 12)).utf8)).write(
            to: URL(fileURLWithPath: directory + "/bom.jsonl"))
        let run = try await Ctl.run(["validate", directory + "/bom.jsonl"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.contains("line 1") && run.stdout.contains("byte-order mark"), "\(run)")
        #expect(!run.stdout.contains("line 2:"), "only the first line has it: \(run)")
    }
}
