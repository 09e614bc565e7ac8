import ControlProtocol
import ArgumentParser
import Foundation
import TrainingData

/// `finetunectl submit FILE`: has finetuned validate, price, upload and start a job.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a training file to finetuned: it validates, uploads and starts the job, then tracks it.",
        discussion: """
            finetunectl opens the files with your rights and passes them to finetuned as open \
            file descriptors, so a file finetuned could not open itself (a 0600 file in a 0700 \
            home, /tmp under PrivateTmp=) works; finetuned keeps its own copy (by sha256) and \
            validates and uploads that copy, so changing the file afterwards changes nothing. \
            With --by-path, the absolute paths are sent instead and finetuned opens them itself (it \
            must be able to read them). The first \
            line is the submission's id: finetuned has stored it and carries it on by itself. If the \
            API fails for a while (a 5xx, a timeout), the submission is still accepted: finetunectl \
            says what failed and when finetuned tries again, and exits 0 — do not submit again; \
            follow it with `finetunectl submission ID`. Progress (validation, upload, then with \
            --wait the training steps, loss and ETA) goes to standard error: a live line on a terminal, \
            a few plain lines otherwise. With --json, standard output is one JSON object: the last \
            Jobs.Submit reply, whose "job" is the job as it ended with --wait.
            On a terminal, a submit whose estimated cost is above --confirm-above (default $25, or \
            $FINETUNECTL_CONFIRM_ABOVE) asks before anything is sent; --yes skips the question, and \
            without a terminal nothing is asked.
            Exit codes: 0 submitted or accepted (with --wait: the job succeeded); 1 the data has errors, \
            the cost is over --max-cost, the model or a parameter is refused, the question was answered \
            no, or (with --wait) the submission failed or the job failed or was cancelled; 2 usage, \
            I/O, API or connection error.
            """)

    @Argument(help: "The training JSONL file.", completion: .file(extensions: ["jsonl"]))
    var file: String

    @Option(help: "The base model (or a fine-tuned model to continue from).")
    var model: String = ValidationOptions().model

    @Option(help: "A validation JSONL file.")
    var validation: String?

    @Option(help: "The account (a [Account] section of finetuned's configuration; default: the first).")
    var account: String?

    @Option(help: "The method: supervised, dpo or reinforcement.")
    var method: String?

    @Option(parsing: .unconditional, help: "Epochs (1…50; default: auto).")
    var epochs: Int?

    @Option(parsing: .unconditional, help: "Batch size (default: auto).")
    var batchSize: Int?

    @Option(parsing: .unconditional, help: "Learning-rate multiplier (default: auto).")
    var learningRateMultiplier: Double?

    @Option(parsing: .unconditional, help: "DPO beta (default: auto).")
    var beta: Double?

    @Option(help: "A suffix for the fine-tuned model's name (up to 64 characters).")
    var suffix: String?

    @Option(parsing: .unconditional, help: "The training seed.")
    var seed: Int?

    @Option(name: .customLong("metadata"), help: ArgumentHelp("Job metadata; repeat for more.", valueName: "key=value"))
    var metadata: [String] = []

    @Option(help: "A JSON file with the grader (reinforcement fine-tuning).")
    var grader: String?

    @Option(parsing: .unconditional, help: "Refuse to upload when the estimated cost in USD is above this.")
    var maxCost: Double?

    @Option(
        help: ArgumentHelp(
            "Azure accounts: the training tier (globalstandard, standard or developer).", valueName: "type"))
    var trainingType: String?

    @Flag(
        help:
            "Follow the submission until its job ends (through any waits for the API); the exit code says how it ended."
    )
    var wait = false

    @Flag(name: .shortAndLong, help: "Do not ask before an expensive submit.")
    var yes = false

    @Option(
        help: ArgumentHelp(
            "On a terminal, ask before submitting when the estimated cost is above this (USD; default 25, or $FINETUNECTL_CONFIRM_ABOVE).",
            valueName: "usd"))
    var confirmAbove: Double?

    @Flag(help: "No progress on standard error when it is not a terminal.")
    var quiet = false

    @Flag(help: "Send the files' paths instead of the open files; finetuned must be able to read them itself.")
    var byPath = false

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        if let epochs, !(1...50).contains(epochs) { throw ValidationError("--epochs must be 1…50") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let maxCost, maxCost < 0 { throw ValidationError("--max-cost must not be negative") }
        if let confirmAbove, confirmAbove < 0 { throw ValidationError("--confirm-above must not be negative") }
        if let method, !ControlRequest.Jobs.Submit.methods.contains(method) {
            throw ValidationError("--method must be supervised, dpo or reinforcement")
        }
        if let trainingType, !ControlRequest.Jobs.Submit.trainingTypes.contains(trainingType) {
            throw ValidationError("--training-type must be globalstandard, standard or developer")
        }
        for entry in metadata where !entry.contains("=") {
            throw ValidationError("--metadata takes key=value, not \(entry)")
        }
    }

    /// The Jobs.Submit parameters, with paths made absolute and the grader read.
    func submitParameters() throws -> ControlRequest.Jobs.Submit {
        let hyper = ControlRequest.Jobs.Submit.Hyperparameters(
            n_epochs: epochs, batch_size: batchSize, learning_rate_multiplier: learningRateMultiplier, beta: beta)
        var graderValue: JSONValue?
        if let grader {
            do {
                graderValue = try JSONDecoder().decode(
                    JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: grader)))
            } catch {
                throw CtlFailure("cannot read the grader \(grader): \(error.localizedDescription)")
            }
        }
        var tags: [String: String] = [:]
        for entry in metadata {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            tags[String(parts[0])] = String(parts[1])
        }
        return ControlRequest.Jobs.Submit(
            training_file: Self.absolute(file), validation_file: validation.map(Self.absolute), model: model,
            account: account, method: method, hyperparameters: hyper.isEmpty ? nil : hyper, grader: graderValue,
            suffix: suffix, seed: seed, metadata: tags.isEmpty ? nil : tags, max_cost: maxCost,
            training_type: trainingType)
    }

    /// The path from the current directory, standardised (the daemon's working directory is not ours).
    static func absolute(_ path: String) -> String {
        URL(
            fileURLWithPath: path,
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        )
        .standardizedFileURL.path
    }

    func run() async throws {
        let parameters: ControlRequest.Jobs.Submit
        do {
            parameters = try submitParameters()
        } catch let failure as CtlFailure {
            throw failure.report()
        }
        if !yes, let question = try CostQuestion(command: self, parameters: parameters) {
            guard question.ask() else {
                Terminal.warn("Not submitted.")
                throw CtlExit.dataHasErrors
            }
        }
        let terminal = Terminal.standardOutput()
        let progress = ProgressLine.standardError(quiet: quiet || daemon.json)
        var sent = parameters
        let descriptors: [Int32]
        do {
            descriptors = byPath ? [] : try openFiles(&sent)
        } catch let failure as CtlFailure {
            throw failure.report()
        }
        defer { for descriptor in descriptors { close(descriptor) } }
        try await DaemonSession.run(daemon) { session in
            var last: [String: JSONValue] = [:]
            var progressState = WireSubmitProgress(submission_id: "", state: "sending")
            let replies: AsyncThrowingStream<[String: JSONValue], any Error>
            var closeSubmit: (@Sendable () async -> Void)?
            if descriptors.isEmpty {
                replies = try session.callMore(sent)
            } else {
                (replies, closeSubmit) = try await session.callMore(
                    sent, descriptors: descriptors)
            }
            defer { if let closeSubmit { Task { await closeSubmit() } } }
            for try await reply in replies {
                let first = progressState.submission_id.isEmpty
                last = reply
                progressState = try JSONValue.object(reply).decode(WireSubmitProgress.self)
                if first && !daemon.json {
                    progress.finish()
                    print("Submission \(progressState.submission_id) accepted by finetuned.")
                    fflush(nil)
                }
                show(progressState, on: progress)
            }
            progress.finish()
            if progressState.state == "waiting" {
                if !daemon.json { print(waitingText(progressState)); fflush(nil) }
                guard wait else {
                    if daemon.json { try JSONOutput.print(JSONValue.object(last)) }
                    return
                }
                let jobID = try await SubmissionFollower(session: session).follow(
                    progressState.submission_id, progress: progress)
                progressState.job = try await session.job(jobID)
                progressState.state = "created"
                last = try JSONValue(encoding: progressState).objectValue ?? last
            }
            guard var job = progressState.job else {
                throw CtlFailure(
                    "finetuned ended the submission without a job (submission \(progressState.submission_id)); see `finetunectl submission \(progressState.submission_id)`"
                )
            }
            if !daemon.json {
                Output.line(submittedText(progressState, job, terminal: terminal))
            }
            if wait {
                job = try await JobFollower(session: session).follow(job.id, progress: progress)
                last["job"] = try JSONValue(encoding: job)
            }
            if daemon.json {
                try JSONOutput.print(JSONValue.object(last))
            } else if wait {
                Output.line(endedText(job, terminal: terminal))
            }
            if wait && job.status != "succeeded" { throw CtlExit.jobFailed }
        }
    }

    /// Opens the training (and validation) file with the user's rights (without blocking on a
    /// FIFO: finetuned refuses those) and names them in the
    /// parameters by their index among the descriptors sent; the paths stay as their names.
    private func openFiles(_ parameters: inout ControlRequest.Jobs.Submit) throws -> [Int32] {
        var descriptors: [Int32] = []
        let paths = [parameters.training_file, parameters.validation_file].compactMap { $0 }
        for (index, path) in paths.enumerated() {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
            guard descriptor >= 0 else {
                let reason = String(cString: strerror(errno))
                for opened in descriptors { close(opened) }
                throw CtlFailure("cannot open \(path): \(reason)")
            }
            descriptors.append(descriptor)
            if index == 0 { parameters.training_file_descriptor = 0 } else { parameters.validation_file_descriptor = 1 }
        }
        return descriptors
    }

    /// A transient failure: accepted, what failed, when finetuned tries again.
    private func waitingText(_ state: WireSubmitProgress) -> String {
        let id = state.submission_id
        var text = "The submission is accepted, but the API failed: \(state.last_error ?? "a transient failure")."
        if let next = state.next_attempt_at {
            text +=
                "\nfinetuned tries again at \(TimeText.date(Int64(next))) (\(SubmissionText.relative(next))), by itself; do not submit again."
        }
        text += "\nFollow it with: finetunectl submission \(id)"
        return text
    }

    private func show(_ state: WireSubmitProgress, on progress: ProgressLine) {
        switch state.state {
        case "copying":
            progress.update("Copying \(file) into finetuned's store…", milestone: "copying")
        case "validating":
            progress.update("Validating \(file)…", milestone: "validating")
        case "validated":
            var text = "Validated \(file)"
            if let tokens = state.billed_tokens { text += ": \(grouped(tokens)) billed tokens" }
            if let cost = state.estimated_cost { text += ", about \(Money.usd(cost))" }
            progress.note(text)
        case "uploading":
            let sent = Int(state.uploaded_bytes ?? 0)
            let total = Int(state.total_bytes ?? 0)
            let fraction = total > 0 ? Double(sent) / Double(total) : 0
            progress.update(
                "Uploading \(ProgressLine.bar(fraction)) \(megabytes(sent)) of \(megabytes(total))",
                milestone: "uploading/\(Int(fraction * 4))")
        case "creating":
            progress.update("Creating the job…", milestone: "creating")
        default:
            break
        }
    }

    private func submittedText(_ state: WireSubmitProgress, _ job: WireJob, terminal: Terminal) -> String {
        var text = terminal.bold("Submitted \(job.id)") + " (\(job.model), submission \(state.submission_id))"
        var details: [String] = []
        if let tokens = state.billed_tokens { details.append("\(grouped(tokens)) billed tokens") }
        if let cost = state.estimated_cost { details.append("estimated cost \(Money.usd(cost))") }
        if !details.isEmpty { text += ": " + details.joined(separator: ", ") }
        if !wait { text += "\nFollow it with: finetunectl watch \(job.id)" }
        return text
    }
}

/// The last line of `submit --wait` and `watch JOB`.
func endedText(_ job: WireJob, terminal: Terminal) -> String {
    let printer = JobPrinter(terminal: terminal)
    var text = "\(job.id) \(printer.status(job.status))"
    if let model = job.fine_tuned_model { text += ": \(model)" }
    if let error = job.error {
        text += ": " + [error.code, error.message].compactMap { $0 }.joined(separator: ": ")
    }
    if job.status == "succeeded", let model = job.fine_tuned_model {
        text += "\nTry it: finetunectl chat \(model) \"Hello\""
    }
    return text
}
