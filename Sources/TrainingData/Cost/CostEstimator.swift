/// Billed training tokens and their price.
///
/// Contract: `billedTokens = epochs × Σ min(limit, tokens_per_example)` over the training file
/// (the cookbook's formula; validation-file tokens are not included, as OpenAI's guide does not
/// clearly charge them). The cost is `billedTokens / 1e6 × price`, or nil when the table has no
/// price for the model (for example RFT, which is billed per hour).
public struct CostEstimator: Sendable {
    public var prices: PriceTable

    public init(prices: PriceTable = .shippedDefaults) {
        self.prices = prices
    }

    public struct Estimate: Codable, Sendable, Equatable {
        public let epochs: Int
        public let epochsWereAuto: Bool
        public let billedTokens: Int
        public let usdPerMillionTokens: Double?
        public let estimatedCostUSD: Double?
        public let pricesAsOf: String

        enum CodingKeys: String, CodingKey {
            case epochs
            case epochsWereAuto = "epochs_were_auto"
            case billedTokens = "billed_tokens"
            case usdPerMillionTokens = "usd_per_million_tokens"
            case estimatedCostUSD = "estimated_cost_usd"
            case pricesAsOf = "prices_as_of"
        }
    }

    /// Estimates from the per-example token sum already capped at the model's limit.
    public func estimate(model: String, examples: Int, cappedTokens: Int, epochs: Epochs) -> Estimate {
        let n = epochs.resolved(examples: examples)
        let billed = n * cappedTokens
        let price = prices.price(for: model)
        return Estimate(
            epochs: n, epochsWereAuto: epochs == .auto, billedTokens: billed, usdPerMillionTokens: price,
            estimatedCostUSD: price.map { Double(billed) / 1_000_000 * $0 }, pricesAsOf: prices.asOf)
    }
}
