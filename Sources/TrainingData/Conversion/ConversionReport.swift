/// What a conversion did. Codable with snake_case keys (printed by `prepare --json`).
public struct ConversionReport: Codable, Sendable, Equatable {
    /// A source row that produced no example, and why.
    public struct SkippedRow: Codable, Sendable, Equatable {
        public let line: Int
        public let reason: String
    }

    public let input: String
    public let sourceFormat: SourceFormat
    public let output: String
    public let validationOutput: String?
    /// The columns or keys used, e.g. `question → user, answer → assistant`; empty for chat input.
    public let columns: String
    public let rowsRead: Int
    public let trainingExamples: Int
    public let validationExamples: Int
    public let duplicatesRemoved: Int
    public let skipped: [SkippedRow]

    enum CodingKeys: String, CodingKey {
        case input, output, columns, skipped
        case sourceFormat = "source_format"
        case validationOutput = "validation_output"
        case rowsRead = "rows_read"
        case trainingExamples = "training_examples"
        case validationExamples = "validation_examples"
        case duplicatesRemoved = "duplicates_removed"
    }
}
