import ArgumentParser
import Foundation
import TrainingData

/// `finetunectl prepare INPUT -o OUT`: converts data to chat JSONL, then validates the result.
struct PrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract:
            "Convert CSV, TSV, JSON or legacy prompt/completion JSONL to chat JSONL, then check it (no daemon needed).",
        discussion: """
            Columns: question/answer, prompt/completion, input/output or instruction/response are found \
            by name; otherwise name them with --prompt-column and --completion-column. Chat JSONL input \
            passes through (compacted, with --system added where it has no system message).
            An output is never written over the input (under any name), and over an existing file \
            only with --force.
            Exit codes: 0 no errors, 1 the converted data has errors, 2 usage or I/O error.
            """)

    @Argument(help: "The input file (.csv, .tsv, .json or .jsonl).")
    var input: String

    @Option(name: [.short, .customLong("output")], help: "The chat JSONL file to write.")
    var output: String

    @Option(help: "A system message put first in every example.")
    var system: String?

    @Option(parsing: .unconditional, help: "Fraction of examples (0 to below 1) written to the validation file.")
    var validationSplit: Double = 0

    @Option(help: "The validation file (default: <output>_valid.jsonl).")
    var validationOutput: String?

    @Option(help: "Input format when the extension does not tell: csv, tsv, json or jsonl.")
    var inputFormat: SourceFormat?

    @Option(help: "Column or key holding the user's text.")
    var promptColumn: String?

    @Option(help: "Column or key holding the assistant's answer.")
    var completionColumn: String?

    @Flag(help: "Keep duplicate examples.")
    var keepDuplicates = false

    @Option(parsing: .unconditional, help: "Seed for the train/validation split (same seed, same split).")
    var seed: UInt64 = 0

    @Option(help: "Base model to check the result against.")
    var model: String = ValidationOptions().model

    @Flag(help: "Replace output files that exist (never the input).")
    var force = false

    @Flag(help: "Print the conversion and validation reports as JSON.")
    var json = false

    func validate() throws {
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw ValidationError("--validation-split must be at least 0 and below 1")
        }
    }

    /// Both reports, for `--json`.
    struct Reports: Encodable {
        let conversion: ConversionReport
        let validation: ValidationReport
    }

    /// The files this run may write, with the option that names each.
    var outputs: [(option: String, path: String)] {
        var list = [(option: "--output", path: output)]
        if validationSplit > 0 || validationOutput != nil {
            let path = validationOutput ?? DatasetConverter.defaultValidationURL(for: URL(fileURLWithPath: output)).path
            list.append((option: "--validation-output", path: path))
        }
        return list
    }

    func run() throws {
        do {
            try OutputGuard.check(input: input, outputs: outputs, force: force)
        } catch let failure as CtlFailure {
            throw failure.report()
        }
        var options = ConversionOptions()
        options.sourceFormat = inputFormat
        options.promptColumn = promptColumn
        options.completionColumn = completionColumn
        options.systemPrompt = system
        options.validationSplit = validationSplit
        options.validationOutput = validationOutput.map { URL(fileURLWithPath: $0) }
        options.deduplicate = !keepDuplicates
        options.seed = seed
        let conversion: ConversionReport
        let report: ValidationReport
        do {
            conversion = try DatasetConverter.convert(
                input: URL(fileURLWithPath: input), output: URL(fileURLWithPath: output), options: options)
            var validation = ValidationOptions()
            validation.model = model
            report = try TrainingFileValidator.validate(
                url: URL(fileURLWithPath: conversion.output),
                validation: conversion.validationOutput.map { URL(fileURLWithPath: $0) },
                options: validation)
        } catch let error as TrainingDataError {
            Terminal.warn("finetunectl: \(error)")
            throw CtlExit.usageOrIO
        } catch let error as TokenizerError {
            Terminal.warn("finetunectl: \(error)")
            throw CtlExit.usageOrIO
        }
        if json {
            try JSONOutput.print(Reports(conversion: conversion, validation: report))
        } else {
            let terminal = Terminal.standardOutput()
            Output.line(ConversionPrinter(terminal: terminal).render(conversion))
            Output.line("")
            Output.line(ReportPrinter(terminal: terminal).render(report))
        }
        if report.hasErrors { throw CtlExit.dataHasErrors }
    }
}

extension SourceFormat: ExpressibleByArgument {}
