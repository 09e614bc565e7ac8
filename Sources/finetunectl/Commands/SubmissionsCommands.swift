import ArgumentParser
import ControlProtocol
import Foundation

typealias WireSubmission = Wire.Submission

/// `finetunectl submissions`: what finetuned has been asked to submit, newest first.
struct SubmissionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submissions",
        abstract: "List submissions, newest first: state, attempts, last error, next attempt and job.",
        discussion: """
            A submission is waiting when a transient failure (an API outage, a timeout) stopped it: \
            finetuned tries again at the time shown, by itself. Cancel one whose job does not exist yet \
            with `finetunectl cancel-submission ID`.
            """)

    @Option(help: "At most this many submissions (1…1000).")
    var limit: Int = 100

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1…1000") }
    }

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Jobs.Submissions(limit: limit))
            if daemon.json { return try JSONOutput.print(reply) }
            let submissions = try reply["submissions"].orNull.decode([WireSubmission].self)
            guard !submissions.isEmpty else { return print("No submissions.") }
            var table = Table(["SUBMISSION", "STATE", "ATTEMPTS", "JOB", "NEXT ATTEMPT", "LAST ERROR"])
            for s in submissions {
                table.add([
                    s.id, s.state, "\(s.attempts)", s.job_id ?? "-", SubmissionText.next(s),
                    SubmissionText.short(s.state == "failed" || s.state == "cancelled" ? s.error : s.last_error),
                ])
            }
            print(table.render(indent: ""))
        }
    }
}

/// `finetunectl submission ID`: one submission in full.
struct SubmissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submission",
        abstract: "Show one submission: its state, attempts, last error, next attempt and job.")

    @Argument(help: "The submission id (finetunectl submit prints it first).")
    var id: String

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Jobs.GetSubmission(id: id))
            if daemon.json { return try JSONOutput.print(reply) }
            print(SubmissionText.details(try reply["submission"].orNull.decode(WireSubmission.self)))
        }
    }
}

/// `finetunectl cancel-submission ID`.
struct CancelSubmissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel-submission",
        abstract: "Cancel a submission whose job does not exist yet (a created job is cancelled with `cancel JOB`).",
        discussion: "If a create may already be on its way to the API, the job it makes is cancelled when it appears.")

    @Argument(help: "The submission id.")
    var id: String

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Jobs.CancelSubmission(id: id))
            if daemon.json { return try JSONOutput.print(reply) }
            let submission = try reply["submission"].orNull.decode(WireSubmission.self)
            print("Cancelled submission \(submission.id).")
        }
    }
}

/// How submissions read in a terminal.
enum SubmissionText {
    /// `2026-11-28 03:40:12 (in 14s)`; `-` when none is scheduled.
    static func next(_ s: WireSubmission) -> String {
        guard let next = s.next_attempt_at else { return "-" }
        return "\(TimeText.date(Int64(next))) (\(relative(next)))"
    }

    static func relative(_ time: Double) -> String {
        let delta = time - Date().timeIntervalSince1970
        return delta > 0 ? "in \(TimeText.duration(delta))" : "now"
    }

    /// The first line of an error, at most 60 characters; `-` for none.
    static func short(_ text: String?) -> String {
        guard let line = text?.split(separator: "\n").first.map(String.init), !line.isEmpty else { return "-" }
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }

    static func details(_ s: WireSubmission) -> String {
        var rows: [(String, String)] = [
            ("Submission", s.id), ("State", s.state + (s.step != s.state ? " (step \(s.step))" : "")),
            ("Account", s.account), ("Model", s.model ?? "-"), ("Training file", s.training_file),
        ]
        if let file = s.validation_file { rows.append(("Validation file", file)) }
        if let digest = s.training_sha256 {
            rows.append(("Kept copy", "sha256 " + digest + (s.validation_sha256.map { ", sha256 " + $0 } ?? "")))
        }
        if let id = s.training_file_id {
            rows.append(("Uploaded as", id + (s.validation_file_id.map { ", " + $0 } ?? "")))
        }
        rows.append(("Attempts", "\(s.attempts)"))
        if let error = s.last_error { rows.append(("Last error", error)) }
        if s.next_attempt_at != nil { rows.append(("Next attempt", next(s))) }
        if let error = s.error, s.state == "failed" || s.state == "cancelled" { rows.append(("Failed", error)) }
        rows.append(("Job", s.job_id ?? "-"))
        if !s.duplicate_job_ids.isEmpty {
            rows.append(("Duplicates cancelled", s.duplicate_job_ids.joined(separator: ", ")))
        }
        rows.append(("Created", TimeText.date(s.created_at)))
        rows.append(("Updated", TimeText.date(s.updated_at)))
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(
            separator: "\n")
    }
}
