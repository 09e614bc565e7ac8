import ArgumentParser
import ControlProtocol
import Foundation

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
            --all-retiring takes every job whose model has a shutdown date (`models --retiring`) and is \
            not on --to already; --dry-run lists what would move, to which base, and the estimated cost \
            (the original's billed tokens at the new base's training price), and submits nothing.
            Exit codes: 0 submitted or accepted (with --wait: the job succeeded); 1 the data or model \
            is refused, or (with --wait) the job failed; 2 usage, I/O, API or connection error, or the \
            migration refused (job not succeeded, unknown account, no data).
            """)

    @Argument(help: "The job to migrate (it must have succeeded).")
    var job: String?

    @Flag(help: "Migrate every job whose model has a shutdown date (see `models --retiring`).")
    var allRetiring = false

    @Flag(help: "Only show what would be migrated, to which base, at what estimated cost.")
    var dryRun = false

    @Option(help: "The target account (a [Account] section of finetuned's configuration).")
    var to: String

    @Option(
        help:
            "The base model to train on (default: the job's base, or its nearest equivalent the target can fine-tune).")
    var model: String?

    @Option(help: "Azure's training type: Standard, GlobalStandard or Developer.")
    var trainingType: String?

    @Option(
        help: "The training JSONL file, when finetuned keeps no copy of the job's data.",
        completion: .file(extensions: ["jsonl"]))
    var trainingFile: String?

    @Option(
        help: "The validation JSONL file (needed with --training-file when the job had one).",
        completion: .file(extensions: ["jsonl"]))
    var validationFile: String?

    @Flag(help: "Wait for the new job to end, showing its progress.")
    var wait = false

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        if (job == nil) == !allRetiring { throw ValidationError("name one JOB, or use --all-retiring") }
        if allRetiring && (trainingFile != nil || validationFile != nil || model != nil) {
            throw ValidationError("--training-file, --validation-file and --model are for one JOB, not --all-retiring")
        }
        if allRetiring && wait && !dryRun {
            throw ValidationError("--wait follows one JOB; follow the migrated jobs with `finetunectl watch`")
        }
    }

    func run() async throws {
        let terminal = Terminal.standardOutput()
        let progress = ProgressLine.standardError(quiet: quiet || daemon.json)
        try await DaemonSession.run(daemon) { session in
            let jobs: [String]
            if let job { jobs = [job] } else { jobs = try await retiringJobs(session) }
            if dryRun {
                try await showPlans(jobs, session: session)
                return
            }
            if let job {
                try await migrate(job, session: session, progress: progress, terminal: terminal)
                return
            }
            guard !jobs.isEmpty else {
                Output.line("No job's model has a shutdown date; nothing to migrate.")
                return
            }
            var failed: [String] = []
            for id in jobs {
                do {
                    try await migrate(id, session: session, progress: progress, terminal: terminal)
                } catch {
                    let failure = ErrorReport.failure(for: error, socket: daemon.socketPath)
                    Terminal.warn("finetunectl: \(id): \(failure.message)")
                    failed.append(id)
                }
            }
            if !failed.isEmpty {
                throw CtlFailure(
                    "\(failed.count) of \(jobs.count) migrations were refused: \(failed.joined(separator: ", "))")
            }
        }
    }

    /// The jobs of every model with a shutdown date that has not passed, not on `--to` already.
    private func retiringJobs(_ session: DaemonSession) async throws -> [String] {
        let models = try await session.call(ControlRequest.Models.List(retiring: true))["models"].orNull.decode(
            [WireModel].self)
        var seen = Set<String>()
        return models.compactMap { model in
            guard let id = model.job_id, model.account != to, (model.days_left ?? -1) >= 0, seen.insert(id).inserted
            else { return nil }
            return id
        }
    }

    /// `--dry-run`: one line per job, what would move where, and the total estimated cost.
    private func showPlans(_ jobs: [String], session: DaemonSession) async throws {
        var plans: [Wire.MigrationPlan] = []
        for id in jobs {
            let parameters = ControlRequest.Jobs.PlanMigration(
                id: id, to: to, model: model, training_type: trainingType,
                training_file: trainingFile.map(SubmitCommand.absolute),
                validation_file: validationFile.map(SubmitCommand.absolute))
            plans.append(
                try await session.call(parameters).decode(Wire.MigrationPlan.self))
        }
        if daemon.json {
            try JSONOutput.print(try JSONValue(encoding: ["plans": plans]))
            return
        }
        guard !plans.isEmpty else {
            Output.line("No job's model has a shutdown date; nothing would be migrated.")
            return
        }
        var table = Table(["JOB", "FROM", "MODEL", "TO", "NEW BASE", "EST. COST", "NOTE"])
        for plan in plans {
            table.add([
                plan.id, plan.account, plan.model, plan.to, plan.target_model ?? "-",
                plan.estimated_cost.map { Money.usd($0) } ?? "-", plan.problem ?? "ready",
            ])
        }
        Output.line(table.renderLeft(width: OutputWidth.current(), elidable: [2, 6], droppable: [1, 2]))
        let ready = plans.filter { $0.problem == nil }
        let total = ready.compactMap(\.estimated_cost).reduce(0, +)
        Output.line(
            "\(ready.count) of \(plans.count) would be migrated, estimated \(Money.usd(total)) in all. Nothing was submitted (--dry-run)."
        )
    }

    /// One migration, followed as `submit` follows a submission.
    private func migrate(_ job: String, session: DaemonSession, progress: ProgressLine, terminal: Terminal) async throws
    {
        let parameters = ControlRequest.Jobs.Migrate(
            id: job, to: to, model: model, training_type: trainingType,
            training_file: trainingFile.map(SubmitCommand.absolute),
            validation_file: validationFile.map(SubmitCommand.absolute))
        do {
            var last: [String: JSONValue] = [:]
            var state = WireSubmitProgress(submission_id: "", state: "sending")
            for try await reply in try session.callMore(parameters) {
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
                    print(
                        "The migration is accepted, but the API failed: \(state.last_error ?? "a transient failure"); finetuned tries again by itself. Follow it with: finetunectl submission \(state.submission_id)"
                    )
                }
                guard wait else {
                    if daemon.json { try JSONOutput.print(JSONValue.object(last)) }
                    return
                }
                let jobID = try await SubmissionFollower(session: session).follow(
                    state.submission_id, progress: progress)
                state.job = try await session.job(jobID)
                last = try JSONValue(encoding: state).objectValue ?? last
            }
            guard var created = state.job else {
                throw CtlFailure(
                    "finetuned ended the migration without a job (submission \(state.submission_id)); see `finetunectl submission \(state.submission_id)`"
                )
            }
            if !daemon.json {
                Output.line(
                    terminal.bold("Migrated \(job) → \(created.id)")
                        + " (\(created.model) on account \(created.account))"
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
                    Output.line(
                        "Compare it with the original: finetunectl compare \(job) \(model) --data held_out.jsonl")
                }
            }
            if wait && created.status != "succeeded" { throw CtlExit.jobFailed }
        }
    }
}
