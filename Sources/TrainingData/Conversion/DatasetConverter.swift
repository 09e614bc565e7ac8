#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Converts CSV, TSV, JSON arrays and JSONL (legacy prompt/completion, or chat lines) into chat
/// fine-tuning JSONL, with an optional system prompt, de-duplication and a train/validation split.
///
/// Contract: the whole input is read into memory (conversion inputs are small; `validate` is the
/// constant-memory path). Rows that cannot become an example are listed in
/// ``ConversionReport/skipped`` with their line, never silently dropped. The split is exact
/// (`round(split × examples)` go to validation) and deterministic: examples are ranked by a hash
/// of their content and `seed`, so the same input always gives the same files, in input order.
/// Outputs are written atomically. Throws ``TrainingDataError`` for unreadable input, unknown
/// columns, bad options or unwritable outputs.
public enum DatasetConverter {
    public static func convert(input: URL, output: URL, options: ConversionOptions = .init()) throws -> ConversionReport
    {
        guard options.validationSplit >= 0 && options.validationSplit < 1 else {
            throw TrainingDataError.invalidOption(
                "the validation split must be at least 0 and below 1, got \(options.validationSplit)")
        }
        guard let format = options.sourceFormat ?? SourceFormat.detect(input) else {
            throw TrainingDataError.unsupportedInput(
                "cannot tell the format of \(input.lastPathComponent) from its extension; use --input-format csv|tsv|json|jsonl"
            )
        }
        var info = stat()
        if stat(input.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw TrainingDataError.io(path: input.path, reason: "is a directory")
        }
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: input)) } catch {
            throw TrainingDataError.io(path: input.path, reason: reason(error, path: input.path))
        }
        var builder = ExampleBuilder(options: options)
        switch format {
        case .csv, .tsv: try builder.addDelimited(bytes, delimiter: format == .csv ? 0x2C : 0x09)
        case .json: try builder.addJSONArray(bytes)
        case .jsonl: try builder.addJSONLines(bytes)
        }

        // Exact, deterministic split by content hash.
        let examples = builder.examples
        var isValidation = [Bool](repeating: false, count: examples.count)
        let validationCount = Int((options.validationSplit * Double(examples.count)).rounded())
        if validationCount > 0 {
            let ranked = examples.indices.sorted { a, b in
                let ha = splitHash(examples[a], seed: options.seed), hb = splitHash(examples[b], seed: options.seed)
                return ha != hb ? ha < hb : a < b
            }
            for index in ranked.prefix(validationCount) { isValidation[index] = true }
        }
        let validationURL = validationCount > 0 ? (options.validationOutput ?? defaultValidationURL(for: output)) : nil
        var train: [UInt8] = [], valid: [UInt8] = []
        for (index, example) in examples.enumerated() {
            if isValidation[index] {
                valid += example; valid.append(0x0A)
            } else {
                train += example; train.append(0x0A)
            }
        }
        try write(train, to: output)
        if let validationURL { try write(valid, to: validationURL) }
        return ConversionReport(
            input: input.path, sourceFormat: format, output: output.path, validationOutput: validationURL?.path,
            columns: builder.columnsDescription, rowsRead: builder.rowsRead,
            trainingExamples: examples.count - validationCount, validationExamples: validationCount,
            duplicatesRemoved: builder.duplicatesRemoved, skipped: builder.skipped)
    }

    /// `out.jsonl` → `out_valid.jsonl`.
    public static func defaultValidationURL(for output: URL) -> URL {
        let ext = output.pathExtension.isEmpty ? "jsonl" : output.pathExtension
        let stem = output.deletingPathExtension().lastPathComponent
        return output.deletingLastPathComponent().appendingPathComponent("\(stem)_valid.\(ext)")
    }

    private static func splitHash(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return seed }
            var h = RankTable.hash(p, b.count) ^ (seed &* 0x9E37_79B9_7F4A_7C15)
            h ^= h >> 33
            h = h &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33
            return h
        }
    }

    private static func write(_ bytes: [UInt8], to url: URL) throws {
        do { try Data(bytes).write(to: url, options: .atomic) } catch {
            throw TrainingDataError.io(path: url.path, reason: reason(error, path: url.path))
        }
    }

    /// Why Foundation failed on `path`, without the path (``TrainingDataError/io(path:reason:)``
    /// states it first): the POSIX reason when there is one, else the description with a
    /// leading `path: ` removed.
    static func reason(_ error: any Error, path: String) -> String {
        if let posix = error as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        if let cocoa = error as? CocoaError, let underlying = cocoa.underlying as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue))
        }
        var text = String(describing: error)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        for prefix in [path + ": ", name + ": "] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        }
        return text
    }
}
