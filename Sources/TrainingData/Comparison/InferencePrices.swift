/// What answers from a fine-tuned model cost: USD per 1M input and output tokens (standard
/// tier), by base model. From the fine-tuning prices table (about November 2025) in
/// ../shared/reference/openai-fine-tuning-api.md §11; a fine-tune is priced as its base.
public struct InferencePrices: Sendable {
    public struct Price: Sendable, Hashable {
        public var input: Double
        public var output: Double
    }

    public static let shipped = InferencePrices(byBase: [
        "o4-mini-2025-04-16": Price(input: 4.00, output: 16.00),
        "gpt-4.1-2025-04-14": Price(input: 3.00, output: 12.00),
        "gpt-4.1-mini-2025-04-14": Price(input: 0.80, output: 3.20),
        "gpt-4.1-nano-2025-04-14": Price(input: 0.20, output: 0.80),
        "gpt-4o-2024-08-06": Price(input: 3.75, output: 15.00),
        "gpt-4o-mini-2024-07-18": Price(input: 0.30, output: 1.20),
        "gpt-3.5-turbo": Price(input: 3.00, output: 6.00),
        "davinci-002": Price(input: 12.00, output: 12.00),
        "babbage-002": Price(input: 1.60, output: 1.60),
    ])

    public var byBase: [String: Price]

    /// The price of `model` (a base, an alias, `ft:BASE:…` or Azure's `BASE.ft-…`), or nil.
    public func price(for model: String) -> Price? {
        var base = model
        if base.hasPrefix("ft:") { base = String(base.dropFirst(3).prefix { $0 != ":" }) }
        if let marker = base.firstRange(of: ".ft-") { base = String(base[..<marker.lowerBound]) }
        if let price = byBase[base] { return price }
        if let snapshot = FineTunableModels.bases.first(where: { $0.alias == base })?.snapshots.first {
            return byBase[snapshot] ?? byBase[base]
        }
        if base.hasPrefix("gpt-3.5-turbo") || base.hasPrefix("gpt-35-turbo") { return byBase["gpt-3.5-turbo"] }
        return nil
    }

    /// The cost in USD of `prompt` input and `completion` output tokens.
    public func cost(model: String, prompt: Int, completion: Int) -> Double? {
        price(for: model).map { (Double(prompt) * $0.input + Double(completion) * $0.output) / 1_000_000 }
    }
}
