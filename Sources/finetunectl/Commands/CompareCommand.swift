import ArgumentParser
import Foundation
import TrainingData
import ControlProtocol

/// `finetunectl compare MODEL_A MODEL_B --data held_out.jsonl`: sends each held-out conversation
/// to both models through finetuned and scores their answers against the reference.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Ask two models the same held-out questions and score their answers against the references.",
        discussion: """
            Each line of --data is a chat example (as for training); the conversation up to its last \
            assistant message is sent to both models (a model id, or the id of the job that made it), \
            and that message is the reference. Requests go through finetuned, and its client's rate-limit \
            gate, at most --concurrency at a time; a progress bar shows on a terminal. The report file \
            (--report) has one JSON line per example with both answers side by side. Printed per model: \
            the exact-match rate (equal after trimming whitespace), the token F1 (SQuAD-style F1 of the \
            answer's o200k_base tokens against the reference's, as multisets), the mean answer length \
            in tokens, the tokens used and their cost at the built-in inference prices. \
            A --data file that is not chat JSONL is refused with its problems, as `validate` reports \
            them; a model finetuned cannot reach (say, an Azure model without a deployment) is an error.
            Exit codes: 0 compared; 1 the data has errors; 2 usage, I/O, API or connection error, or a \
            model cannot be reached.
            """)

    @Argument(help: "The first model (or the job that made it), e.g. the original.")
    var modelA: String

    @Argument(help: "The second model (or the job that made it), e.g. the migrated one.")
    var modelB: String

    @Option(
        help: "Held-out chat JSONL: each example's last assistant message is the reference.",
        completion: .file(extensions: ["jsonl"]))
    var data: String

    @Option(parsing: .unconditional, help: "Compare at most this many examples (from the top).")
    var limit: Int?

    @Option(parsing: .unconditional, help: "Requests in flight at once.")
    var concurrency: Int = 4

    @Option(help: "Where to write the side-by-side JSONL report.", completion: .file(extensions: ["jsonl"]))
    var report: String = "compare-report.jsonl"

    @Option(parsing: .unconditional, help: "Sampling temperature sent with each request.")
    var temperature: Double = 0

    @Option(parsing: .unconditional, help: "The longest answer, in tokens (default: the API's).")
    var maxCompletionTokens: Int?

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if SubmitCommand.absolute(report) == SubmitCommand.absolute(data) {
            throw ValidationError("--report would write over --data \(data); name another file")
        }
        if !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be 1…64") }
    }

    func run() async throws {
        let examples = try heldOutExamples()
        let tokenizer: Tokenizer
        do {
            tokenizer = try Tokenizer(encoding: .o200kBase)
        } catch {
            throw CtlFailure("cannot load the tokenizer: \(error)").report()
        }
        let progress = ProgressLine.standardError(quiet: quiet || daemon.json)
        let fanOut = ChatFanOut(
            socketPath: daemon.socketPath, connections: concurrency, temperature: temperature,
            maxCompletionTokens: maxCompletionTokens)
        let requests = examples.flatMap { example in
            [
                ChatFanOut.Request(model: modelA, messages: example.prompt),
                ChatFanOut.Request(model: modelB, messages: example.prompt),
            ]
        }
        let total = requests.count
        try await DaemonSession.run(daemon) { session in
            // The workers report each answer here; this task alone draws the progress bar.
            let (updates, continuation) = AsyncStream<Int>.makeStream()
            let work = Task {
                defer { continuation.finish() }
                return try await fanOut.run(requests, first: session.client) { continuation.yield($0) }
            }
            for await done in updates {
                progress.update(
                    "Comparing \(ProgressLine.bar(Double(done) / Double(total))) \(done)/\(total) answers",
                    milestone: "compare/\(done * 4 / max(total, 1))")
            }
            let replies = try await work.value
            progress.finish()
            let scored = ComparisonReport(
                examples: examples, models: (modelA, modelB), replies: replies, tokenizer: tokenizer)
            do {
                try scored.write(to: report)
            } catch {
                throw CtlFailure("cannot write the report \(report): \(error.localizedDescription)")
            }
            let summaries = [scored.summary(\.a, model: modelA), scored.summary(\.b, model: modelB)]
            if daemon.json {
                try JSONOutput.print(
                    try JSONValue(encoding: [
                        "report": JSONValue.string(report), "models": try JSONValue(encoding: summaries),
                    ]))
                return
            }
            Output.line("Compared \(scored.lines.count) examples of \(data); report: \(report)")
            Output.line(
                ComparisonReport.table(summaries).renderLeft(
                    width: OutputWidth.current(), elidable: [0], droppable: [5, 4]))
            Output.line(
                "Token F1: answer vs reference, o200k_base tokens as multisets (1 = same tokens). Cost at the built-in inference prices."
            )
        }
    }

    /// The examples of `--data`, after checking each line is a chat example (problems printed
    /// as `validate` prints them, exit 1; dataset-wide rules for training, such as a minimum
    /// number of examples, do not apply).
    private func heldOutExamples() throws -> [ComparisonExample] {
        var options = ValidationOptions()
        options.format = .chat
        let checked: ValidationReport
        do {
            checked = try TrainingFileValidator.validate(
                url: URL(fileURLWithPath: data), validation: nil, options: options)
        } catch {
            throw CtlFailure("cannot read \(data): \(error)").report()
        }
        // Only the lines matter here: a held-out set may be smaller than training needs.
        if checked.problems.contains(where: { $0.line != nil && $0.severity == .error }) {
            Output.line(ReportPrinter(terminal: .standardOutput()).render(checked))
            Terminal.warn("finetunectl: \(data) is not chat JSONL that compare can use; nothing was sent")
            throw CtlExit.dataHasErrors
        }
        let text: String
        do {
            text = try String(contentsOfFile: data, encoding: .utf8)
        } catch {
            throw CtlFailure("cannot read \(data): \(error.localizedDescription)").report()
        }
        var examples = ComparisonExample.all(in: text)
        if let limit { examples = Array(examples.prefix(limit)) }
        guard !examples.isEmpty else {
            throw CtlFailure("\(data) has no example with an assistant answer to compare").report()
        }
        return examples
    }
}
