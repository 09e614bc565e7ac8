/// Everything `validate` found: problems, statistics, billed tokens and the cost estimate.
///
/// Codable with snake_case keys; this is what `finetunectl validate --json` prints and what the
/// daemon sends over its control socket. `problems` holds at most `maxStoredProblems` entries,
/// lowest line first (`problemsTruncated` says when more exist); `problemCounts` is complete.
public struct ValidationReport: Codable, Sendable, Equatable {
    public let format: DataFormat
    public let model: String
    public let encoding: Encoding
    public let tokenLimitPerExample: Int
    public let training: FileStatistics
    public let validation: FileStatistics?
    public let problems: [Problem]
    public let problemCounts: [String: Int]
    public let problemsTruncated: Bool
    public let errorCount: Int
    public let warningCount: Int
    public let cost: CostEstimator.Estimate

    /// Billed training tokens (epochs × Σ min(limit, tokens)).
    public var billedTokens: Int { cost.billedTokens }
    public var estimatedCostUSD: Double? { cost.estimatedCostUSD }
    /// True when OpenAI would reject the data (any error-severity problem).
    public var hasErrors: Bool { errorCount > 0 }

    enum CodingKeys: String, CodingKey {
        case format, model, encoding, training, validation, problems, cost
        case tokenLimitPerExample = "token_limit_per_example"
        case problemCounts = "problem_counts"
        case problemsTruncated = "problems_truncated"
        case errorCount = "error_count"
        case warningCount = "warning_count"
    }
}
