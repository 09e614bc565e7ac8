import ArgumentParser
import Foundation
import Varlink

/// `finetunectl migrate JOB --to ACCOUNT`: submits a succeeded job again on another account
/// (`Jobs.Migrate`), with the same data, method, resolved hyperparameters, seed and suffix.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Submit a succeeded job again on another account, before its model retires.",
        discussion: """
            finetuned submits the job again on --to through its normal submission path: stored first, \
            exactly once even across a crash; running it again while the migration is under way (or \
            done) shows that one instead of making another job. The data is finetuned's kept copy of \
            what the job was submitted with; a job finetuned did not submit (tracked, adopted) needs \
            --training-file, and --validation-file when it had one. The method, the hyperparameters as \
            the finished job resolved them, the seed and the suffix are the original's. The base is \
            mapped to one the target account can fine-tune today, by its own models list (on Azure: \
            capabilities.fine_tune and deprecation.fine_tune); --model picks another. The new job is \
            linked to the old one: `finetunectl status` and `list` show "migrated from/to". Check the \
            new model answers alike with `finetunectl compare OLD NEW --data held_out.jsonl`.
            Exit codes: 0 submitted or accepted (with --wait: the job succeeded); 1 the data or model \
            is refused, or (with --wait) the job failed; 2 usage, I/O, API or connection error, or the \
            migration refused (job not succeeded, unknown account, no data).
            """)

    @Argument(help: "The job to migrate (it must have succeeded).")
    var job: String

    @Option(help: "The target account (a [Account] section of finetuned's configuration).")
    var to: String

    @Option(help: "The base model to train on (default: the job's base, or its nearest equivalent the target can fine-tune).")
    var model: String?

    @Option(help: "Azure's training type: Standard, GlobalStandard or Developer.")
    var trainingType: String?

    @Option(help: "The training JSONL file, when finetuned keeps no copy of the job's data.", completion: .file(extensions: ["jsonl"]))
    var trainingFile: String?

    @Option(help: "The validation JSONL file (needed with --training-file when the job had one).", completion: .file(extensions: ["jsonl"]))
    var validationFile: String?

    @Flag(help: "Wait for the new job to end, showing its progress.")
    var wait = false

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    @OptionGroup var daemon: DaemonOptions

    struct Parameters: Encodable {
        var id: String
        var to: String
        var model: String?
        var training_type: String?
        var training_file: String?
        var validation_file: String?
    }

    func run() async throws {
        let parameters = Parameters(
            id: job, to: to, model: model, training_type: trainingType,
            training_file: trainingFile.map(SubmitCommand.absolute), validation_file: validationFile.map(SubmitCommand.absolute))
        let terminal = Terminal.standardOutput()
        let progress = ProgressLine.standardError(quiet: quiet || daemon.json)
        try await DaemonSession.run(daemon) { session in
            var last: [String: JSONValue] = [:]
            var state = WireSubmitProgress(submission_id: "", state: "sending")
            for try await reply in try session.callMore("io.finetuned.Jobs.Migrate", parameters) {
                let first = state.submission_id.isEmpty
                last = reply
                state = try JSONValue.object(reply).decode(WireSubmitProgress.self)
                if first && !daemon.json {
                    progress.finish()
                    print("Migration of \(job) to \(to): submission \(state.submission_id).")
                    fflush(nil)
                }
                progress.update("Migrating: \(state.state)…", milestone: state.state)
            }
            progress.finish()
            if state.state == "waiting" {
                if !daemon.json {
                    print("The migration is accepted, but the API failed: \(state.last_error ?? "a transient failure"); finetuned tries again by itself. Follow it with: finetunectl submission \(state.submission_id)")
                }
                guard wait else {
                    if daemon.json { try JSONOutput.print(JSONValue.object(last)) }
                    return
                }
                let jobID = try await SubmissionFollower(session: session).follow(state.submission_id, progress: progress)
                state.job = try await session.job(jobID)
                last = try JSONValue(encoding: state).objectValue ?? last
            }
            guard var created = state.job else {
                throw CtlFailure("finetuned ended the migration without a job (submission \(state.submission_id)); see `finetunectl submission \(state.submission_id)`")
            }
            if !daemon.json {
                Output.line(terminal.bold("Migrated \(job) → \(created.id)") + " (\(created.model) on account \(created.account))"
                    + (wait ? "" : "\nFollow it with: finetunectl watch \(created.id)"))
            }
            if wait {
                created = try await JobFollower(session: session).follow(created.id, progress: progress)
                last["job"] = try JSONValue(encoding: created)
            }
            if daemon.json {
                try JSONOutput.print(JSONValue.object(last))
            } else if wait {
                Output.line(endedText(created, terminal: terminal))
                if let model = created.fine_tuned_model {
                    Output.line("Compare it with the original: finetunectl compare \(job) \(model) --data held_out.jsonl")
                }
            }
            if wait && created.status != "succeeded" { throw CtlExit.jobFailed }
        }
    }
}
