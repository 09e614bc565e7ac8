#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How `DatasetConverter` turns an input file into chat JSONL.
public struct ConversionOptions: Sendable {
    /// The input's format; `nil` detects it from the file extension (.csv, .tsv, .json, .jsonl).
    public var sourceFormat: SourceFormat?
    /// Column (or key) holding the user's text; `nil` picks `prompt`, `question`, `input`, …
    public var promptColumn: String?
    /// Column (or key) holding the assistant's answer; `nil` picks `completion`, `answer`, …
    public var completionColumn: String?
    /// A system message put first in every example that has none.
    public var systemPrompt: String?
    /// Fraction of examples (0 ≤ f < 1) moved to the validation file.
    public var validationSplit: Double = 0
    /// Where the validation examples go; `nil` means `<output>_valid.jsonl` beside the output.
    public var validationOutput: URL?
    /// Drop examples identical to an earlier one.
    public var deduplicate = true
    /// Changes which examples the split picks, deterministically.
    public var seed: UInt64 = 0
    /// Trim spaces and newlines around prompt and completion text (legacy data often has
    /// completions that start with a space and separators like `\n\n###\n\n`; those are kept).
    public var trimWhitespace = true

    public init() {}
}

/// Input formats `finetunectl prepare` reads.
public enum SourceFormat: String, Codable, Sendable, CaseIterable {
    case csv, tsv, json, jsonl

    /// The format named by a file's extension, or `nil`.
    public static func detect(_ url: URL) -> SourceFormat? {
        switch url.pathExtension.lowercased() {
        case "csv": .csv
        case "tsv", "tab": .tsv
        case "json": .json
        case "jsonl", "ndjson": .jsonl
        default: nil
        }
    }
}
