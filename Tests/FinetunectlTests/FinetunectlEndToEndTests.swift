import Foundation
import Testing

/// `finetunectl` as a user runs it: a separate process talking to a real daemon (in this
/// process) over its Unix socket, the daemon talking to the simulator over loopback HTTP.
@Suite(.serialized) struct FinetunectlEndToEndTests {
    static let sample = "config/examples/teaching-assistant.jsonl"

    @Test func submitWaitSucceedsThenTheJobCanBeQueriedAndItsModelChattedWith() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            // A relative path: finetunectl makes it absolute (it runs from the package root).
            let submitted = try await fixture.ctl("submit", Self.sample, "--model", "gpt-4o-mini", "--wait", "--json")
            #expect(submitted.status == 0, "\(submitted)")
            let reply = try submitted.json()
            let job = try #require(reply["job"] as? [String: Any], "\(submitted)")
            let id = try #require(job["id"] as? String)
            #expect(job["status"] as? String == "succeeded")
            let model = try #require(job["fine_tuned_model"] as? String)
            #expect(model.hasPrefix("ft:gpt-4o-mini"))
            #expect(reply["state"] as? String == "created")
            #expect((reply["submission_id"] as? String)?.isEmpty == false)
            #expect((reply["billed_tokens"] as? Int ?? 0) > 0)
            #expect(job["training_file"] as? String != nil)

            let chat = try await fixture.ctl("chat", id, "What is a variable in Python?", "--json")
            #expect(chat.status == 0, "\(chat)")
            let answer = try chat.json()
            #expect((answer["reply"] as? String)?.isEmpty == false)
            #expect(answer["model"] as? String == model)
            let byModel = try await fixture.ctl("chat", model, "And a loop?")
            #expect(byModel.status == 0, "\(byModel)")
            #expect(!byModel.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)

            let list = try await fixture.ctl("list", "--json")
            #expect(list.status == 0, "\(list)")
            let jobs = try #require(try list.json()["jobs"] as? [[String: Any]])
            #expect(jobs.map { $0["id"] as? String } == [id])
            let table = try await fixture.ctl("list")
            #expect(
                table.stdout.contains(id) && table.stdout.contains("succeeded") && table.stdout.contains("STATUS"),
                "\(table)")

            let status = try await fixture.ctl("status", id, "--json")
            #expect(status.status == 0, "\(status)")
            #expect((try status.json()["job"] as? [String: Any])?["status"] as? String == "succeeded")
            let detail = try await fixture.ctl("status", id)
            #expect(detail.stdout.contains("Fine-tuned model:") && detail.stdout.contains(model), "\(detail)")

            let events = try await fixture.ctl("events", id, "--json")
            #expect(events.status == 0, "\(events)")
            let eventList = try #require(try events.json()["events"] as? [[String: Any]])
            #expect(eventList.contains { ($0["message"] as? String)?.contains("New fine-tuned model created") == true })
            #expect(eventList.contains { $0["type"] as? String == "metrics" })
            #expect(try events.json()["status"] as? String == "succeeded")
            // The job has ended: --follow prints the history and returns.
            let followed = try await fixture.ctl("events", id, "--follow")
            #expect(
                followed.status == 0 && followed.stdout.contains("The job has successfully completed"), "\(followed)")

            let checkpoints = try await fixture.ctl("checkpoints", id)
            #expect(checkpoints.status == 0, "\(checkpoints)")
            #expect(
                checkpoints.stdout.contains("ft:gpt-4o-mini") && checkpoints.stdout.contains("STEP"), "\(checkpoints)")
            let checkpointsJSON = try await fixture.ctl("checkpoints", id, "--json")
            #expect((try checkpointsJSON.json()["checkpoints"] as? [Any])?.count == 3, "\(checkpointsJSON)")

            let metrics = try await fixture.ctl("metrics", id)
            #expect(metrics.status == 0, "\(metrics)")
            let curveLines = metrics.stdout.split(separator: "\n").filter { $0.contains("│") }
            #expect(curveLines.count == 14, "one line per row of the plot:\n\(metrics.stdout)")
            #expect(curveLines.filter { $0.contains("*") }.count >= 5, "the curve spans the rows:\n\(metrics.stdout)")
            // Loss falls: the first column's point is high, the last column's low.
            let firstRow = try #require(
                curveLines.firstIndex { $0.split(separator: "│", maxSplits: 1).last?.first == "*" })
            #expect(firstRow < 4, "the first step's loss is near the top:\n\(metrics.stdout)")
            #expect(metrics.stdout.contains("training loss"))
            let metricsJSON = try await fixture.ctl("metrics", id, "--json")
            let points = try #require(try metricsJSON.json()["points"] as? [[String: Any]])
            #expect(points.count > 10 && points.allSatisfy { $0["train_loss"] is Double })

            let models = try await fixture.ctl("models", "--json")
            #expect(models.status == 0, "\(models)")
            let modelList = try #require(try models.json()["models"] as? [[String: Any]])
            #expect(modelList.contains { $0["id"] as? String == model && $0["job_id"] as? String == id })

            let daemonStatus = try await fixture.ctl("daemon-status", "--json")
            #expect(daemonStatus.status == 0, "\(daemonStatus)")
            let service = try daemonStatus.json()
            #expect(service["total_jobs"] as? Int == 1)
            #expect((service["accounts"] as? [[String: Any]])?.first?["name"] as? String == "sim")
            let human = try await fixture.ctl("daemon-status")
            #expect(human.status == 0 && human.stdout.contains("sim") && human.stdout.contains("Jobs:"), "\(human)")

            // Shell completion asks the daemon for job ids.
            let completion = try await Ctl.run([
                "---completion", "status", "--", "positional@0", "4", "6",
                "finetunectl", "status", "--socket", fixture.socketPath, "ftjob-",
            ])
            #expect(
                completion.status == 0 && completion.stdout.split(separator: "\n") == [Substring(id)], "\(completion)")

            // Watching a job that has already succeeded returns at once, exit 0.
            let watch = try await fixture.ctl("watch", id)
            #expect(watch.status == 0 && watch.stdout.contains("succeeded"), "\(watch)")

            // Deleting asks first; off a terminal, --yes is the answer.
            let unconfirmed = try await fixture.ctl("delete-model", model)
            #expect(unconfirmed.status == 2 && unconfirmed.stderr.contains("--yes"), "\(unconfirmed)")
            let deleted = try await fixture.ctl("delete-model", model, "--yes", "--json")
            #expect(deleted.status == 0, "\(deleted)")
            #expect((try deleted.json()["model"] as? [String: Any])?["deleted"] as? Bool == true)
            let remaining = try await fixture.ctl("models", "--json")
            #expect((try remaining.json()["models"] as? [Any])?.isEmpty == true, "\(remaining)")
        }
    }

    @Test func submitWaitShowsUploadAndTrainingProgressAsPlainLinesOffATerminal() async throws {
        // Slower than the other tests, so that training spans several polls (24 steps, ~7 s).
        try await CtlFixture.with(timeScale: 10) { fixture in
            let file = try fixture.trainingFile(examples: 12)
            let run = try await fixture.ctl("submit", file, "--model", "gpt-4o-mini", "--epochs", "2", "--wait")
            #expect(run.status == 0, "\(run)")
            #expect(run.stderr.contains("Uploading ["), "\(run)")
            #expect(run.stderr.contains("Validated"), "\(run)")
            let stepLines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("running  step ") }
            #expect(stepLines.count >= 3, "a line every tenth of the steps:\n\(run.stderr)")
            #expect(
                stepLines.contains { $0.contains("loss 0.") || $0.contains("loss 1.") || $0.contains("loss 2.") },
                "\(run.stderr)")
            #expect(stepLines.contains { $0.contains("ETA") }, "\(run.stderr)")
            #expect(!run.stderr.contains("\u{1B}["), "no terminal escapes off a terminal")
            #expect(run.stdout.contains("Submitted ftjob-") && run.stdout.contains("succeeded"), "\(run)")
        }
    }

    @Test func aFileWithABadLineIsRefusedWithItsLineNumberAndExitCode1() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let file = try fixture.trainingFile(examples: 12, badLine: 7)
            let run = try await fixture.ctl("submit", file, "--model", "gpt-4o-mini", "--wait")
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("line 7"), "\(run)")
            #expect(run.stderr.contains("Nothing was uploaded"), "\(run)")
            #expect(fixture.simulator.requestCounts()["POST /files", default: 0] == 0)

            // With --json the daemon's error is on standard output too, as data.
            let json = try await fixture.ctl("submit", file, "--json")
            #expect(json.status == 1, "\(json)")
            let error = try #require(try json.json()["error"] as? [String: Any])
            #expect(error["name"] as? String == "io.finetuned.Jobs.InvalidTrainingData")
            let problems = try #require((error["parameters"] as? [String: Any])?["problems"] as? [[String: Any]])
            #expect(
                problems.first?["line"] as? Int == 7 && problems.first?["severity"] as? String == "error", "\(problems)"
            )

            let missing = try await fixture.ctl("status", "ftjob-doesnotexist")
            #expect(missing.status == 2, "\(missing)")
            #expect(missing.stderr.contains("no such job: ftjob-doesnotexist"), "\(missing)")

            let unreadable = try await fixture.ctl("submit", fixture.directory + "/absent.jsonl")
            #expect(unreadable.status == 2, "\(unreadable)")
            #expect(unreadable.stderr.contains("absent.jsonl"), "\(unreadable)")
        }
    }

    @Test func aCancelledJobMakesWatchExit1() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let file = try fixture.trainingFile(examples: 12)
            let submitted = try await fixture.ctl("submit", file, "--model", "gpt-4o-mini", "--epochs", "50", "--json")
            #expect(submitted.status == 0, "\(submitted)")
            let id = try #require((try submitted.json()["job"] as? [String: Any])?["id"] as? String)

            let cancel = try await fixture.ctl("cancel", id, "--json")
            #expect(cancel.status == 0, "\(cancel)")
            #expect((try cancel.json()["job"] as? [String: Any])?["id"] as? String == id)

            let watch = try await fixture.ctl("watch", id)
            #expect(watch.status == 1, "\(watch)")
            #expect(watch.stdout.contains("\(id) cancelled"), "\(watch)")

            let watchJSON = try await fixture.ctl("watch", id, "--json")
            #expect(watchJSON.status == 1, "\(watchJSON)")
            let last = try #require(try watchJSON.jsonLines().last)
            #expect((last["job"] as? [String: Any])?["status"] as? String == "cancelled")
        }
    }

    @Test func aJobThatFailsAtTheAPIMakesWatchExit1WithTheAPIsReason() async throws {
        try await CtlFixture.with(timeScale: 100) { fixture in
            let id = try await fixture.createJobElsewhere(badLine: 4)

            let track = try await fixture.ctl("track", id, "--json")
            #expect(track.status == 0, "\(track)")
            #expect((try track.json()["job"] as? [String: Any])?["tracked"] as? Bool == true)

            let watch = try await fixture.ctl("watch", id)
            #expect(watch.status == 1, "\(watch)")
            #expect(watch.stdout.contains("\(id) failed") && watch.stdout.contains("invalid_training_file"), "\(watch)")
            #expect(watch.stdout.contains("Line 4"), "the API's reason names the line: \(watch)")

            let status = try await fixture.ctl("status", id, "--json")
            let job = try #require(try status.json()["job"] as? [String: Any])
            #expect(job["status"] as? String == "failed")
            #expect((job["error"] as? [String: Any])?["code"] as? String == "invalid_training_file")
        }
    }

    @Test func aWrongSocketIsExit2WithAClearMessage() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftctl-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let absent = try await Ctl.run(["list", "--socket", directory + "/control.sock"])
        #expect(absent.status == 2, "\(absent)")
        #expect(
            absent.stderr.contains("Is finetuned running?") && absent.stderr.contains(directory + "/control.sock"),
            "\(absent)")
        #expect(absent.stdout.isEmpty)

        // A socket nobody listens on: connection refused.
        let path = directory + "/dead.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        let refused = try await Ctl.run(["daemon-status", "--json"], environment: ["FINETUNED_SOCKET": path])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("connection refused") && refused.stderr.contains(path), "\(refused)")
    }

    @Test func helpDocumentsExitCodesAndCompletionsAreGenerated() async throws {
        let help = try await Ctl.run(["--help"])
        #expect(help.status == 0)
        for word in ["submit", "watch", "daemon-status", "Exit codes", "FINETUNED_SOCKET"] {
            #expect(help.stdout.contains(word), "\(word) in --help")
        }
        let usage = try await Ctl.run(["submit"])
        #expect(usage.status == 2, "a missing argument is a usage error: \(usage)")
        for shell in ["bash", "zsh", "fish"] {
            let script = try await Ctl.run(["--generate-completion-script", shell])
            #expect(script.status == 0 && script.stdout.contains("delete-model"), "\(shell): \(script)")
        }
    }
}
