import ArgumentParser
import Foundation
import TrainingData

/// `finetunectl validate FILE`: checks a training file locally and estimates its cost.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a training JSONL file and estimate billed tokens and cost (no daemon needed).",
        discussion: """
            The model is checked offline, against finetunectl's built-in table of fine-tunable bases \
            (an ft:… model is checked by finetuned against the account's models when you submit). \
            Exit codes: 0 no errors, 1 the data has errors or the model cannot be fine-tuned, 2 usage \
            or I/O error.
            """)

    @Argument(help: "The training JSONL file.")
    var file: String

    @Option(help: "Base model (picks the encoding, the per-example limit and the price).")
    var model: String = ValidationOptions().model

    @Option(help: "A validation JSONL file to check alongside (and against) the training file.")
    var validation: String?

    @Option(help: "Line format: auto, chat, dpo or rft.")
    var format: DataFormat = .auto

    @Option(parsing: .unconditional, help: "Epochs: a number from 1 to 50, or auto (OpenAI's default rule).")
    var epochs: String = "auto"

    @Option(parsing: .unconditional, help: "Override the training price in USD per 1M tokens for this model.")
    var price: Double?

    @Option(parsing: .unconditional, help: "Override the model's per-example token limit.")
    var tokenLimit: Int?

    @Option(parsing: .unconditional, help: "Keep at most this many problems in the report.")
    var maxProblems: Int = 1000

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).")
    var workers: Int?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        _ = try parsedEpochs()
        if let price, price < 0 { throw ValidationError("--price must not be negative") }
        if let tokenLimit, tokenLimit < 1 { throw ValidationError("--token-limit must be at least 1") }
        if maxProblems < 0 { throw ValidationError("--max-problems must not be negative") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func parsedEpochs() throws -> Epochs {
        if epochs == "auto" { return .auto }
        guard let n = Int(epochs), (1...50).contains(n) else { throw ValidationError("--epochs must be auto or 1…50") }
        return .fixed(n)
    }

    func options() throws -> ValidationOptions {
        var options = ValidationOptions()
        options.model = model
        options.format = format
        options.epochs = try parsedEpochs()
        options.tokenLimit = tokenLimit
        options.maxStoredProblems = maxProblems
        if let workers { options.workers = workers }
        if let price {
            options.prices = options.prices.overriding([ModelName.base(model): price], asOf: "given with --price")
        }
        return options
    }

    func run() throws {
        let modelNote: String
        switch FineTunableModels.check(model) {
        case .unknown:
            Terminal.warn(
                "finetunectl: model \(model) cannot be fine-tuned: it is not in finetunectl's table of fine-tunable bases (\(FineTunableModels.aliasList), and their dated snapshots; checked offline). A fine-tuned model (ft:…) can be trained further."
            )
            throw CtlExit.dataHasErrors
        case .needsAccount:
            modelNote =
                "Model \(model): a fine-tuned model; whether the account owns it is checked by finetuned at submit."
        case .base:
            modelNote =
                "Model \(model): a fine-tunable base (checked offline against finetunectl's built-in table; finetuned checks the account's models at submit)."
        }
        let report: ValidationReport
        do {
            report = try TrainingFileValidator.validate(
                url: URL(fileURLWithPath: file), validation: validation.map { URL(fileURLWithPath: $0) },
                options: try options())
        } catch let error as TrainingDataError {
            Terminal.warn("finetunectl: \(error)")
            throw CtlExit.usageOrIO
        } catch let error as TokenizerError {
            Terminal.warn("finetunectl: \(error)")
            throw CtlExit.usageOrIO
        }
        if json {
            try JSONOutput.print(report)
        } else {
            Output.line(ReportPrinter(terminal: .standardOutput()).render(report))
            Output.line(modelNote)
        }
        if report.hasErrors { throw CtlExit.dataHasErrors }
    }
}

extension DataFormat: ExpressibleByArgument {}
