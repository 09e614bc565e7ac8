import Dispatch
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Validates training (and optional validation) JSONL files without uploading anything.
///
/// Contract: reads each file once, streaming, in constant memory (plus about 40 bytes per distinct
/// example, for duplicate detection); checks every line on `options.workers` threads; counts tokens exactly
/// (tiktoken's counts) with the model's encoding; never throws for bad data (that is what
/// ``ValidationReport/problems`` is for) but throws ``TrainingDataError`` when a file cannot be
/// read and ``TokenizerError`` when the packaged encodings are damaged.
public enum TrainingFileValidator {
    /// Shorthand for the common case: default options but the format and model.
    public static func validate(
        url: URL, format: DataFormat = .auto, model: String, validation: URL? = nil
    ) throws -> ValidationReport {
        var options = ValidationOptions()
        options.format = format
        options.model = model
        return try validate(url: url, validation: validation, options: options)
    }

    public static func validate(
        url: URL, validation: URL? = nil, options: ValidationOptions = .init()
    ) throws -> ValidationReport {
        let limit = options.tokenLimit ?? ModelLimits.tokensPerExample(for: options.model)
        var datasetProblems: [Problem] = []
        let encodingKind: Encoding
        if let known = Encoding.forModel(options.model) {
            encodingKind = known
        } else {
            encodingKind = .o200kBase
            datasetProblems.append(
                Problem(
                    file: .training, line: nil, keyPath: "", code: .unknownModel,
                    message:
                        "model \"\(options.model)\" is not known; counting with o200k_base and a \(limit)-token limit"))
        }
        let encoding = try BPEEncoding.load(encodingKind)
        var format = options.format
        if format == .auto { format = try detectFormat(url: url, maxLineBytes: options.maxLineBytes) }

        var seen: [Fingerprint: Int] = [:]
        let (trainingAcc, trainingBytes) = try scan(
            url: url, role: .training, format: format, encoding: encoding, limit: limit, options: options
        ) { fingerprint, line, acc in
            if let first = seen[fingerprint] {
                acc.duplicates += 1
                acc.note(
                    Problem(
                        file: .training, line: line, keyPath: "", code: .duplicateExample,
                        message: "duplicates line \(first)"), max: options.maxStoredProblems)
            } else {
                seen[fingerprint] = line
            }
        }
        var validationResult: (FileAccumulator, Int)?
        if let validation {
            var seenInValidation: [Fingerprint: Int] = [:]
            validationResult = try scan(
                url: validation, role: .validation, format: format, encoding: encoding, limit: limit, options: options
            ) { fingerprint, line, acc in
                if let trainingLine = seen[fingerprint] {
                    acc.note(
                        Problem(
                            file: .validation, line: line, keyPath: "", code: .validationOverlap,
                            message: "the same example is line \(trainingLine) of the training file"),
                        max: options.maxStoredProblems)
                }
                if let first = seenInValidation[fingerprint] {
                    acc.duplicates += 1
                    acc.note(
                        Problem(
                            file: .validation, line: line, keyPath: "", code: .duplicateExample,
                            message: "duplicates line \(first)"), max: options.maxStoredProblems)
                } else {
                    seenInValidation[fingerprint] = line
                }
            }
        }

        let examples = trainingAcc.examples
        if examples < options.minimumExamples {
            datasetProblems.append(
                Problem(
                    file: .training, line: nil, keyPath: "", code: .tooFewExamples,
                    message:
                        "the training file has \(examples) examples; OpenAI requires at least \(options.minimumExamples)"
                ))
        } else if examples < options.recommendedExamples {
            datasetProblems.append(
                Problem(
                    file: .training, line: nil, keyPath: "", code: .fewExamples,
                    message: "the training file has \(examples) examples; OpenAI recommends 50 to 100 at least"))
        }

        var all = trainingAcc
        if let (v, _) = validationResult { all.merge(v) }
        for p in datasetProblems { all.note(p, max: Int.max) }
        let sorted = all.problems.sorted { order($0) < order($1) }
        let kept = Array(sorted.prefix(options.maxStoredProblems))
        var counts: [String: Int] = [:]
        var errors = 0, warnings = 0
        for (code, n) in all.problemCounts {
            counts[code.rawValue] = n
            if code.severity == .error { errors += n } else { warnings += n }
        }
        let cost = CostEstimator(prices: options.prices).estimate(
            model: options.model, examples: examples, cappedTokens: trainingAcc.cappedTokens, epochs: options.epochs)
        return ValidationReport(
            format: format, model: options.model, encoding: encodingKind, tokenLimitPerExample: limit,
            training: trainingAcc.statistics(path: url.path, bytes: trainingBytes),
            validation: validationResult.map { $0.0.statistics(path: validation!.path, bytes: $0.1) },
            problems: kept, problemCounts: counts,
            problemsTruncated: sorted.count > kept.count || all.problems.count < errors + warnings,
            errorCount: errors, warningCount: warnings, cost: cost)
    }

    /// Sort key: training before validation, then by line (dataset-wide problems last).
    private static func order(_ p: Problem) -> (Int, Int) {
        (p.file == .training ? 0 : 1, p.line ?? Int.max)
    }

    /// The format of the first line that parses as an object: `input`+`preferred_output` → DPO,
    /// otherwise chat (RFT lines look like chat lines; ask for `.rft` explicitly).
    static func detectFormat(url: URL, maxLineBytes: Int) throws -> DataFormat {
        let reader = try LineChunkReader(path: url.path, blockSize: 1 << 16, maxLineBytes: maxLineBytes)
        let tape = JSONTape()
        var checked = 0
        while let chunk = try reader.next() {
            var found: DataFormat?
            forEachLine(chunk.bytes, firstLine: chunk.firstLine) { _, line in
                guard found == nil, checked < 100 else { return }
                checked += 1
                guard (try? JSONParser.parse(line, into: tape)) != nil, tape.kind(0) == .object else { return }
                if tape.member(0, "input") != nil
                    && (tape.member(0, "preferred_output") != nil || tape.member(0, "non_preferred_output") != nil)
                {
                    found = .dpo
                } else {
                    found = .chat
                }
            }
            if let found { return found }
            if checked >= 100 { break }
        }
        return .chat
    }

    /// Streams one file through `options.workers` checkers; `onExample` sees every example's
    /// fingerprint in line order (on the calling thread) to find duplicates.
    private static func scan(
        url: URL, role: FileRole, format: DataFormat, encoding: BPEEncoding, limit: Int, options: ValidationOptions,
        onExample: (Fingerprint, Int, inout FileAccumulator) -> Void
    ) throws -> (FileAccumulator, Int) {
        let reader = try LineChunkReader(path: url.path, maxLineBytes: options.maxLineBytes)
        let workerCount = max(1, options.workers)
        let checkers = WorkerSlots(
            (0..<workerCount).map { _ in
                let checker = ExampleChecker(
                    format: format, role: role, tokenizer: Tokenizer(encoding), limit: limit,
                    maxStored: options.maxStoredProblems)
                checker.maxLineBytes = options.maxLineBytes
                return checker
            })
        var main = FileAccumulator()
        while let chunk = try reader.next() {
            if options.isCancelled?() == true { throw CancellationError() }
            for (line, bytes) in chunk.overlongLines {
                checkers.slots[0].reportOverlong(line: line, bytes: bytes, maxLineBytes: options.maxLineBytes)
            }
            let parts = split(chunk.bytes, firstLine: chunk.firstLine, into: workerCount)
            if parts.count == 1 {
                forEachLine(parts[0].bytes, firstLine: parts[0].firstLine) {
                    checkers.slots[0].check(line: $0, bytes: $1)
                }
            } else {
                DispatchQueue.concurrentPerform(iterations: parts.count) { k in
                    let checker = checkers.slots[k]
                    forEachLine(parts[k].bytes, firstLine: parts[k].firstLine) { checker.check(line: $0, bytes: $1) }
                }
            }
            for checker in checkers.slots {
                for (fingerprint, line) in checker.fingerprints { onExample(fingerprint, line, &main) }
                checker.fingerprints.removeAll(keepingCapacity: true)
            }
        }
        for checker in checkers.slots { main.merge(checker.acc) }
        return (main, reader.bytesRead)
    }
}

/// The per-thread checkers of one scan.
///
/// `@unchecked Sendable`: during `concurrentPerform` iteration `k` touches only `slots[k]`, and the
/// calling thread touches the checkers only before and after, so no checker is shared.
final class WorkerSlots: @unchecked Sendable {
    let slots: [ExampleChecker]
    init(_ slots: [ExampleChecker]) { self.slots = slots }
}

extension FileAccumulator {
    /// Counts a problem found outside the line checkers (duplicates, dataset-wide checks).
    mutating func note(_ problem: Problem, max: Int) {
        problemCounts[problem.code, default: 0] += 1
        if problems.count < max { problems.append(problem) }
    }
}
