import FineTuneDaemon
import Foundation
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// `finetunectl submit` tells the truth: a transient API failure is "accepted, waiting" (exit 0),
/// `submissions` shows it waiting and then created, and exactly one job exists.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SubmissionCommandTests {
    @Test func a503OnTheCreateIsAcceptedThenWaitingThenCreatedWithExactlyOneJob() async throws {
        let fixture = try await CtlFixture(timeScale: 100, submissionRetryDelay: .seconds(3))
        do {
            let file = try fixture.trainingFile(examples: 12)
            // A create is never retried blindly by the client: one 503 ends the first try.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .status, endpoint: "POST /fine_tuning/jobs", count: 1, status: 503)]))
            let run = try await fixture.ctl("submit", file, "--model", "gpt-4o-mini")
            #expect(run.status == 0, "\(run)")
            let firstLine = run.stdout.split(separator: "\n").first.map(String.init) ?? ""
            #expect(firstLine.hasPrefix("Submission ") && firstLine.hasSuffix(" accepted by finetuned."), "\(run)")
            let id = String(firstLine.dropFirst("Submission ".count).prefix(36))
            #expect(run.stdout.contains("accepted") && run.stdout.contains("503"), "\(run)")
            #expect(run.stdout.contains("tries again at"), "\(run)")

            let waiting = try await fixture.ctl("submissions", "--json")
            let listed = try #require((try waiting.json()["submissions"] as? [[String: Any]])?.first)
            #expect(listed["id"] as? String == id)
            #expect(["waiting", "creating"].contains(listed["state"] as? String), "\(listed)")
            #expect(
                listed["attempts"] as? Int == 1 && (listed["last_error"] as? String)?.contains("503") == true,
                "\(listed)")

            let table = try await fixture.ctl("submissions")
            #expect(table.stdout.contains(id) && table.stdout.contains("ATTEMPTS"), "\(table)")

            var created: [String: Any] = [:]
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let one = try await fixture.ctl("submission", id, "--json")
                created = try #require(try one.json()["submission"] as? [String: Any])
                if created["state"] as? String == "created" { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(created["state"] as? String == "created", "\(created)")
            // finetunectl passed the file as a descriptor; finetuned kept its own copy.
            let digest = try #require(created["training_sha256"] as? String, "\(created)")
            #expect(digest.count == 64)
            let jobID = try #require(created["job_id"] as? String)
            let client = OpenAIClient(
                account: .init(baseURL: fixture.simulator.baseURL, apiKey: APIKey(CtlFixture.apiKey)))
            let tagged = try await client.listJobs(metadata: [SubmissionTag.metadataKey: id]).data
            try await client.shutdown()
            #expect(tagged.map(\.id) == [jobID], "exactly one job")

            let text = try await fixture.ctl("submission", id)
            #expect(text.stdout.contains("Last error") && text.stdout.contains(jobID), "\(text)")
            #expect(text.stdout.contains("Kept copy") && text.stdout.contains("sha256 \(digest)"), "\(text)")
        } catch {
            await fixture.tearDown()
            throw error
        }
        await fixture.tearDown()
    }

    @Test func checksBeforePayingAndCancellingAndNoQuestionWithoutATerminal() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let file = try fixture.trainingFile(examples: 12)
            let model = try await fixture.ctl("submit", file, "--model", "gpt-5-nonexistent")
            #expect(model.status == 1 && model.stderr.contains("gpt-5-nonexistent"), "\(model)")
            let suffix = try await fixture.ctl("submit", file, "--suffix", String(repeating: "x", count: 70))
            #expect(suffix.status == 1 && suffix.stderr.contains("suffix"), "\(suffix)")
            #expect(fixture.simulator.requestCounts()["POST /files", default: 0] == 0)

            // Not on a terminal: an estimate above the threshold asks nothing and goes on.
            let pricey = try await fixture.ctl("submit", file, "--model", "gpt-4o-mini", "--confirm-above", "0")
            #expect(pricey.status == 0 && !pricey.stderr.contains("Submit?"), "\(pricey)")

            let offline = try await Ctl.run(["validate", file, "--model", "gpt-5-nonexistent"])
            #expect(offline.status == 1 && offline.stderr.contains("checked offline"), "\(offline)")

            let cancelCreated = try await fixture.ctl("submissions", "--json")
            let id = try #require(
                (try cancelCreated.json()["submissions"] as? [[String: Any]])?
                    .first { $0["state"] as? String == "created" }?["id"] as? String)
            let refused = try await fixture.ctl("cancel-submission", id)
            #expect(refused.status == 2 && refused.stderr.contains("created already"), "\(refused)")
            let missing = try await fixture.ctl("submission", "no-such-id")
            #expect(missing.status == 2 && missing.stderr.contains("no such submission"), "\(missing)")
        }
    }
}
