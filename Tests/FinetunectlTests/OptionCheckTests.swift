import Foundation
import Testing

/// Options are checked before anything is asked of the daemon: a status that is not one, a
/// negative number. A usage error is exit 2 with a message naming the option.
struct OptionCheckTests {
    @Test func aStatusThatIsNotOneIsRefusedWithTheRealOnes() async throws {
        let run = try await Ctl.run(["list", "--status", "suceeded", "--socket", "/nonexistent/control.sock"])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("suceeded"), "\(run)")
        for status in ["validating_files", "queued", "running", "paused", "succeeded", "failed", "cancelled"] {
            #expect(run.stderr.contains(status), "\(status) listed: \(run)")
        }
        #expect(
            !run.stderr.contains("No jobs") && !run.stderr.contains("Is finetuned running?"),
            "checked before connecting: \(run)")
    }

    @Test(arguments: [
        (["list", "--limit", "-1"], "--limit must be at least 1"),
        (["events", "ftjob-x", "--limit", "-5"], "--limit must be at least 1"),
        (["metrics", "ftjob-x", "--width", "-3"], "--width must be 10…400"),
        (["chat", "ft:x", "hi", "--max-tokens", "-1"], "--max-tokens must be at least 1"),
        (["chat", "ft:x", "hi", "--temperature", "-0.5"], "--temperature must be 0…2"),
        (["submit", "x.jsonl", "--epochs", "-2"], "--epochs must be 1…50"),
        (["submit", "x.jsonl", "--max-cost", "-1"], "--max-cost must not be negative"),
        (["validate", "x.jsonl", "--workers", "-1"], "--workers must be at least 1"),
        (["prepare", "x.csv", "-o", "y.jsonl", "--validation-split", "-0.1"], "--validation-split must be at least 0"),
    ])
    func aNegativeNumberGetsAClearMessage(arguments: [String], message: String) async throws {
        let run = try await Ctl.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run)")
        #expect(run.stderr.contains(message), "\(arguments): \(run)")
        #expect(!run.stderr.contains("Missing value"), "\(arguments): \(run)")
    }
}
