import FinetunedTesting
import Foundation
import OpenAISimulator
import Testing

/// `finetunectl compare` and `migrate` as a user runs them, against a daemon on the simulator.
@Suite struct CompareCommandTests {
    /// Five held-out examples; the first's reference is what the simulator answers, word for word.
    static func heldOut(in directory: String) throws -> String {
        let path = directory + "/held_out.jsonl"
        var lines: [String] = []
        for index in 1...5 {
            let answer = index == 1 ? "Simulated answer to: Q1" : "A\(index) is the answer"
            lines.append(
                #"{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q\#(index)"}, {"role": "assistant", "content": "\#(answer)"}]}"#
            )
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func reportsBothModelsAndWritesOneLinePerExample() async throws {
        try await CtlFixture.with { fixture in
            let data = try Self.heldOut(in: fixture.directory)
            let report = fixture.directory + "/report.jsonl"
            let run = try await fixture.ctl(
                "compare", "gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14", "--data", data, "--report", report,
                "--concurrency", "3")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("gpt-4o-mini-2024-07-18") && run.stdout.contains("gpt-4.1-mini-2025-04-14"))
            #expect(run.stdout.contains("20.0%"), "one of five answers is exact: \(run.stdout)")
            let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 5)
            let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            let a = first["a"] as? [String: Any]
            let b = first["b"] as? [String: Any]
            #expect(
                a?["model"] as? String == "gpt-4o-mini-2024-07-18"
                    && b?["model"] as? String == "gpt-4.1-mini-2025-04-14")
            #expect(a?["exact_match"] as? Bool == true && (a?["token_f1"] as? Double) == 1)
            #expect(first["reference"] as? String == "Simulated answer to: Q1")

            let json = try await fixture.ctl(
                "compare", "gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14", "--data", data, "--report", report,
                "--limit", "2", "--json")
            #expect(json.status == 0, "\(json)")
            let models = try json.json()["models"] as? [[String: Any]]
            #expect(models?.count == 2)
            #expect(models?.first?["examples"] as? Int == 2)
            #expect((models?.first?["prompt_tokens"] as? Int ?? 0) > 0)
            #expect(try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").count == 2)
        }
    }

    @Test func dataThatIsNotChatJSONLIsReportedAsValidateDoes() async throws {
        try await CtlFixture.with { fixture in
            let data = fixture.directory + "/bad.jsonl"
            try
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\"}, {\"role\": \"assistant\", \"content\": \"A\"}]}\nnot json\n"
                .write(toFile: data, atomically: true, encoding: .utf8)
            let run = try await fixture.ctl("compare", "gpt-4o-mini", "gpt-4.1-mini", "--data", data)
            #expect(run.status == 1, "\(run)")
            #expect(run.stdout.contains("line 2") || run.stdout.contains(":2"), "\(run)")
            #expect(fixture.simulator.requestCounts()["POST /chat/completions", default: 0] == 0)
        }
    }

    @Test func aModelThatCannotBeReachedIsAnErrorNamingIt() async throws {
        try await CtlFixture.with { fixture in
            let data = try Self.heldOut(in: fixture.directory)
            let run = try await fixture.ctl(
                "compare", "gpt-4o-mini-2024-07-18", "ft:gpt-4o-mini-2024-07-18:nobody::gone", "--data", data,
                "--report", fixture.directory + "/r.jsonl")
            #expect(run.status == 2, "\(run)")
            #expect(run.stderr.contains("ft:gpt-4o-mini-2024-07-18:nobody::gone"), "\(run)")
        }
    }

    @Test func migrateNamesWhatIsWrong() async throws {
        try await CtlFixture.with { fixture in
            let unknownJob = try await fixture.ctl("migrate", "ftjob-nothing", "--to", "sim")
            #expect(unknownJob.status == 2 && unknownJob.stderr.contains("no such job"), "\(unknownJob)")
        }
    }

    @Test func migrateAllRetiringDryRunListsThenMigratesAndTheLinkShows() async throws {
        let target = try await OpenAISimulator.start(.init(timeScale: 100, apiKey: CtlFixture.apiKey))
        try await withTearDown({ try? await target.shutdown() }) {
            // A far date keeps this test true whatever today is; the `target` account comes first.
            let extra = """

                [Retirement]
                ModelShutdown=gpt-4o-mini-2024-07-18 2099-01-01
                [Account]
                Name=target
                BaseURL=\(target.baseURL.absoluteString)
                [Daemon]
                """
            try await CtlFixture.with(daemonConfig: extra) { fixture in
                let submitted = try await fixture.ctl(
                    "submit", "config/examples/teaching-assistant.jsonl", "--model", "gpt-4o-mini", "--account", "sim",
                    "--wait", "--json")
                #expect(submitted.status == 0, "\(submitted)")
                let job = try #require((try submitted.json()["job"] as? [String: Any])?["id"] as? String)

                let retiring = try await fixture.ctl("models", "--retiring")
                #expect(
                    retiring.status == 0 && retiring.stdout.contains("2099-01-01")
                        && retiring.stdout.contains("config"), "\(retiring)")

                let dryRun = try await fixture.ctl("migrate", "--all-retiring", "--to", "target", "--dry-run")
                #expect(dryRun.status == 0, "\(dryRun)")
                #expect(dryRun.stdout.contains(job) && dryRun.stdout.contains("gpt-4o-mini-2024-07-18"), "\(dryRun)")
                // The job was submitted here: the daemon kept its data, so no file is asked for.
                #expect(
                    !dryRun.stdout.contains("--training-file") && dryRun.stdout.contains("1 of 1 would be migrated"),
                    "\(dryRun)")
                #expect(target.requestCounts().isEmpty || target.requestCounts()["POST /files", default: 0] == 0)

                let plan = try await fixture.ctl(
                    "migrate", job, "--to", "target", "--dry-run", "--training-file",
                    "config/examples/teaching-assistant.jsonl", "--json")
                let plans = try plan.json()["plans"] as? [[String: Any]]
                #expect(
                    plans?.first?["target_model"] as? String == "gpt-4o-mini-2024-07-18"
                        && plans?.first?["problem"] == nil, "\(plan)")
                #expect((plans?.first?["estimated_cost"] as? Double ?? 0) > 0, "\(plan)")

                // From the kept copy: no --training-file.
                let migrated = try await fixture.ctl("migrate", job, "--to", "target", "--wait")
                #expect(migrated.status == 0 && migrated.stdout.contains("Migrated \(job) → "), "\(migrated)")
                let status = try await fixture.ctl("status", job)
                #expect(status.stdout.contains("Migrated to:"), "\(status)")
                let list = try await fixture.ctl("list")
                #expect(list.stdout.contains("MIGRATION") && list.stdout.contains("← \(job)"), "\(list)")
            }
        }
    }
}
