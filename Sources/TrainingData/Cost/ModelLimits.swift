/// Per-example training context limits: longer examples are truncated by OpenAI.
///
/// From third-party copies of OpenAI's fine-tuning guide "as of 2025-03-05": gpt-4o and
/// gpt-4o-mini 65,536; gpt-3.5-turbo-0125/1106 16,385; gpt-4-0613 8,192. gpt-4.1 models are given
/// 65,536 like gpt-4o (not separately published). Unknown models use the cookbook's 16,385.
public enum ModelLimits {
    public static let defaultTokensPerExample = 16_385

    private static let table: [(String, Int)] = [
        ("gpt-4.1-mini", 65_536), ("gpt-4.1-nano", 65_536), ("gpt-4.1", 65_536),
        ("gpt-4o-mini", 65_536), ("gpt-4o", 65_536), ("o4-mini", 65_536),
        ("gpt-3.5-turbo", 16_385), ("gpt-4", 8_192), ("davinci-002", 16_385), ("babbage-002", 16_385),
    ]

    /// Tokens per example for `model`.
    public static func tokensPerExample(for model: String) -> Int {
        let name = baseName(model)
        return table.first { name == $0.0 || name.hasPrefix($0.0 + "-") }?.1 ?? defaultTokensPerExample
    }

    /// `ft:gpt-4o-mini-2024-07-18:org::id` → `gpt-4o-mini-2024-07-18`; lowercased.
    static func baseName(_ model: String) -> String {
        var name = model.lowercased()
        if name.hasPrefix("ft:") {
            name.removeFirst(3)
            if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        }
        return name
    }
}
