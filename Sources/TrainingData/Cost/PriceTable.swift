/// Training prices in USD per million training tokens, by model name prefix.
///
/// The shipped defaults were read from a copy of platform.openai.com/docs/pricing of about
/// November 2025 (see `asOf`); prices change, so a deployment can override or add entries (the
/// daemon's config, `finetunectl --price`). Lookup takes the longest matching prefix, so
/// `gpt-4.1-mini-2025-04-14` finds `gpt-4.1-mini` before `gpt-4.1`. Models billed by time (RFT on
/// `o4-mini`) have no token price.
public struct PriceTable: Codable, Sendable, Equatable {
    /// Model prefix → USD per 1M training tokens.
    public var usdPerMillionTrainingTokens: [String: Double]
    /// When the prices were read (free text, shown beside every estimate).
    public var asOf: String

    public init(usdPerMillionTrainingTokens: [String: Double], asOf: String) {
        self.usdPerMillionTrainingTokens = usdPerMillionTrainingTokens
        self.asOf = asOf
    }

    public static let shippedDefaults = PriceTable(
        usdPerMillionTrainingTokens: [
            "gpt-4.1": 25.00, "gpt-4.1-mini": 5.00, "gpt-4.1-nano": 1.50,
            "gpt-4o": 25.00, "gpt-4o-mini": 3.00,
            "gpt-3.5-turbo": 8.00, "davinci-002": 6.00, "babbage-002": 0.40,
        ],
        asOf: "2025-11 (platform.openai.com/docs/pricing)")

    /// The table with `overrides` replacing or adding entries; `asOf` notes the override.
    public func overriding(
        _ overrides: [String: Double], asOf note: String = "overridden by configuration"
    ) -> PriceTable {
        guard !overrides.isEmpty else { return self }
        return PriceTable(
            usdPerMillionTrainingTokens: usdPerMillionTrainingTokens.merging(overrides) { $1 }, asOf: note)
    }

    /// USD per 1M training tokens for `model` (dated snapshots and `ft:` names included), or nil.
    public func price(for model: String) -> Double? {
        let name = ModelLimits.baseName(model)
        var best: (String, Double)?
        // `name` is `prefix` or starts with `prefix-` (no string built per entry: `Jobs.Get` asks).
        for (prefix, price) in usdPerMillionTrainingTokens
        where name.utf8.starts(with: prefix.utf8)
            && name.utf8.dropFirst(prefix.utf8.count).first.map({ $0 == UInt8(ascii: "-") }) ?? true
        {
            if best == nil || prefix.count > best!.0.count { best = (prefix, price) }
        }
        return best?.1
    }

    enum CodingKeys: String, CodingKey {
        case usdPerMillionTrainingTokens = "usd_per_million_training_tokens"
        case asOf = "as_of"
    }
}
