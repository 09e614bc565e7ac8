/// The three training-file line formats (reference §10.1), or `auto` to detect from the first line.
public enum DataFormat: String, Codable, Sendable, CaseIterable {
    case auto
    /// Supervised fine-tuning: `{"messages": [...], "tools"?: [...]}`.
    case chat
    /// Direct preference optimisation: `{"input": {"messages": [...]}, "preferred_output": [...], "non_preferred_output": [...]}`.
    case dpo
    /// Reinforcement fine-tuning: `{"messages": [...], <any keys the grader uses>}`; no assistant answer needed.
    case rft
}
