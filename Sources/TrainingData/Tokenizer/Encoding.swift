/// The BPE encodings that OpenAI's fine-tunable models use.
public enum Encoding: String, Codable, Sendable, CaseIterable {
    case o200kBase = "o200k_base"
    case cl100kBase = "cl100k_base"

    /// The encoding a model (or fine-tuned model `ft:…`, or dated snapshot) uses, following
    /// tiktoken's `MODEL_TO_ENCODING` / `MODEL_PREFIX_TO_ENCODING`; `nil` for an unknown model.
    public static func forModel(_ model: String) -> Encoding? {
        var name = model.lowercased()
        if name.hasPrefix("ft:") {
            name.removeFirst(3)
            if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        }
        for (prefix, encoding) in prefixes
        where name == prefix || name.hasPrefix(prefix + "-") || name.hasPrefix(prefix + ".") {
            return encoding
        }
        return nil
    }

    /// Longest prefixes first so `gpt-4o` wins over `gpt-4`.
    private static let prefixes: [(String, Encoding)] = [
        ("gpt-4o-mini", .o200kBase), ("gpt-4o", .o200kBase), ("chatgpt-4o", .o200kBase),
        ("gpt-4.1-mini", .o200kBase), ("gpt-4.1-nano", .o200kBase), ("gpt-4.1", .o200kBase),
        ("gpt-4.5", .o200kBase), ("gpt-5", .o200kBase), ("o4-mini", .o200kBase), ("o1", .o200kBase), ("o3", .o200kBase),
        ("gpt-4", .cl100kBase), ("gpt-3.5-turbo", .cl100kBase), ("gpt-35-turbo", .cl100kBase), ("gpt-3.5", .cl100kBase),
        ("davinci-002", .cl100kBase), ("babbage-002", .cl100kBase),
    ]

    /// tiktoken's special tokens for this encoding. Training text containing them is rejected by
    /// OpenAI; the tokenizer itself counts them as ordinary text.
    public var specialTokens: [String: Int] {
        switch self {
        case .cl100kBase:
            [
                "<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
                "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276,
            ]
        case .o200kBase: ["<|endoftext|>": 199999, "<|endofprompt|>": 200018]
        }
    }

    /// File name of the uncompressed rank file, as listed in SHA256SUMS.
    var rankFileName: String { "\(rawValue).tiktoken" }
}
