/// What was counted in one file. Token figures use the cookbook's chat accounting: 3 tokens per
/// message plus every string value's tokens, 1 more per `name`, plus 3 per example; assistant
/// tokens count assistant `content` only. Non-string message values (content parts, tool calls)
/// count their text; `tools` count the tokens of their JSON text (an approximation).
public struct FileStatistics: Codable, Sendable, Equatable {
    public let path: String
    public let bytes: Int
    public let lines: Int
    public let blankLines: Int
    /// Lines that parsed as JSON objects (including ones with errors); these are billed.
    public let examples: Int
    public let examplesWithErrors: Int
    public let messagesPerExample: Distribution
    public let tokensPerExample: Distribution
    public let assistantTokensPerExample: Distribution
    public let totalTokens: Int
    /// Σ min(limit, tokens) over examples: the billed tokens of one epoch.
    public let cappedTokens: Int
    public let examplesOverLimit: Int
    public let examplesMissingSystemMessage: Int
    public let examplesMissingUserMessage: Int
    public let duplicateExamples: Int

    enum CodingKeys: String, CodingKey {
        case path, bytes, lines, examples
        case blankLines = "blank_lines"
        case examplesWithErrors = "examples_with_errors"
        case messagesPerExample = "messages_per_example"
        case tokensPerExample = "tokens_per_example"
        case assistantTokensPerExample = "assistant_tokens_per_example"
        case totalTokens = "total_tokens"
        case cappedTokens = "capped_tokens"
        case examplesOverLimit = "examples_over_limit"
        case examplesMissingSystemMessage = "examples_missing_system_message"
        case examplesMissingUserMessage = "examples_missing_user_message"
        case duplicateExamples = "duplicate_examples"
    }
}

/// Per-thread running totals for ``FileStatistics``.
struct FileAccumulator {
    var lines = 0
    var blankLines = 0
    var examples = 0
    var examplesWithErrors = 0
    var messages = DistributionAccumulator()
    var tokens = DistributionAccumulator()
    var assistantTokens = DistributionAccumulator()
    var cappedTokens = 0
    var overLimit = 0
    var missingSystem = 0
    var missingUser = 0
    var duplicates = 0
    var problemCounts: [ProblemCode: Int] = [:]
    var problems: [Problem] = []

    mutating func merge(_ o: FileAccumulator) {
        lines += o.lines
        blankLines += o.blankLines
        examples += o.examples
        examplesWithErrors += o.examplesWithErrors
        messages.merge(o.messages)
        tokens.merge(o.tokens)
        assistantTokens.merge(o.assistantTokens)
        cappedTokens += o.cappedTokens
        overLimit += o.overLimit
        missingSystem += o.missingSystem
        missingUser += o.missingUser
        duplicates += o.duplicates
        for (k, v) in o.problemCounts { problemCounts[k, default: 0] += v }
        problems += o.problems
    }

    func statistics(path: String, bytes: Int) -> FileStatistics {
        FileStatistics(
            path: path, bytes: bytes, lines: lines, blankLines: blankLines, examples: examples,
            examplesWithErrors: examplesWithErrors, messagesPerExample: messages.summary,
            tokensPerExample: tokens.summary, assistantTokensPerExample: assistantTokens.summary,
            totalTokens: tokens.summary.total, cappedTokens: cappedTokens, examplesOverLimit: overLimit,
            examplesMissingSystemMessage: missingSystem, examplesMissingUserMessage: missingUser,
            duplicateExamples: duplicates)
    }
}
