import Foundation
import Testing

/// Every command's `--json` is JSON a script can parse: one object, or one object per line for
/// the streams.
@Suite(.serialized) struct JSONOutputTests {
    static let sample = "config/examples/teaching-assistant.jsonl"

    @Test func everyCommandsJSONParses() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            func object(_ arguments: [String], status: Int32 = 0, socket: Bool = true) async throws -> [String: Any] {
                let run = try await Ctl.run(arguments + ["--json"] + (socket ? ["--socket", fixture.socketPath] : []))
                #expect(run.status == status, "\(arguments): \(run)")
                return try run.json()
            }
            func lines(_ arguments: [String], status: Int32 = 0) async throws -> [[String: Any]] {
                let run = try await Ctl.run(arguments + ["--json", "--socket", fixture.socketPath])
                #expect(run.status == status, "\(arguments): \(run)")
                let parsed = try run.jsonLines()
                #expect(!parsed.isEmpty, "\(arguments): \(run)")
                return parsed
            }
            let output = fixture.directory + "/prepared.jsonl"
            _ = try await object(["validate", Self.sample], socket: false)
            _ = try await object(["prepare", Self.sample, "-o", output], socket: false)
            let submitted = try await object(["submit", Self.sample, "--model", "gpt-4o-mini", "--wait"])
            let job = try #require(submitted["job"] as? [String: Any])
            let id = try #require(job["id"] as? String)
            let model = try #require(job["fine_tuned_model"] as? String)
            for arguments in [
                ["list"], ["status", id], ["events", id], ["checkpoints", id], ["metrics", id], ["models"],
                ["models", "--all"], ["daemon-status"], ["chat", id, "Hello"], ["untrack", id], ["track", id],
            ] {
                _ = try await object(arguments)
            }
            _ = try await lines(["events", id, "--follow"])
            _ = try await lines(["watch", id])

            let file = try fixture.trainingFile(examples: 12)
            let long = try await object(["submit", file, "--model", "gpt-4o-mini", "--epochs", "50"])
            let longID = try #require((long["job"] as? [String: Any])?["id"] as? String)
            _ = try await object(["cancel", longID])
            // The API refuses these on a cancelled job: the refusal is JSON too.
            _ = try await object(["pause", longID], status: 2)
            _ = try await object(["resume", longID], status: 2)
            _ = try await object(["delete-model", model, "--yes"])
            // An error, as data.
            let missing = try await object(["status", "ftjob-nope"], status: 2)
            #expect(
                (missing["error"] as? [String: Any])?["name"] as? String == "io.finetuned.Jobs.NoSuchJob", "\(missing)")
        }
    }
}
