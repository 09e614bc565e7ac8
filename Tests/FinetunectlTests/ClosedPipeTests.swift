import Foundation
import Testing

/// `finetunectl … | head -1`: when the reader of standard output has gone, every command ends
/// at once and quietly — status 141 (128 + SIGPIPE, as a shell reports `git log | head`), no
/// trap, nothing on standard error.
@Suite(.serialized) struct ClosedPipeTests {
    static let sample = "config/examples/teaching-assistant.jsonl"

    @Test func everyCommandEndsQuietlyWhenItsReaderHasGone() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let submitted = try await fixture.ctl("submit", Self.sample, "--model", "gpt-4o-mini", "--wait", "--json")
            #expect(submitted.status == 0, "\(submitted)")
            let id = try #require((try submitted.json()["job"] as? [String: Any])?["id"] as? String)
            let output = fixture.directory + "/prepared.jsonl"
            let commands: [[String]] = [
                ["list"], ["list", "--json"], ["status", id], ["status", id, "--json"],
                ["events", id], ["events", id, "--json"], ["events", id, "--follow", "--json"],
                ["checkpoints", id], ["checkpoints", id, "--json"], ["metrics", id], ["metrics", id, "--json"],
                ["watch", id], ["watch", id, "--json"], ["models"], ["models", "--json"],
                ["daemon-status"], ["daemon-status", "--json"], ["chat", id, "Hello"], ["chat", id, "Hello", "--json"],
                ["validate", Self.sample], ["validate", Self.sample, "--json"],
                ["prepare", Self.sample, "-o", output, "--force"],
                ["prepare", Self.sample, "-o", output, "--force", "--json"],
            ]
            for command in commands {
                let needsSocket = !["validate", "prepare"].contains(command[0])
                let run = try await Ctl.run(
                    command + (needsSocket ? ["--socket", fixture.socketPath] : []), closedStdout: true)
                #expect(!run.signalled && run.status == 141, "\(command.joined(separator: " ")): \(run)")
                #expect(run.stderr.isEmpty, "\(command.joined(separator: " ")): nothing on standard error: \(run)")
            }
        }
    }
}
