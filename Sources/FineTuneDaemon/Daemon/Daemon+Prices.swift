import TrainingData

extension Daemon {
    /// The shipped training prices with `[Pricing] TrainingPrice=` entries over them.
    var trainingPrices: PriceTable {
        var prices = PriceTable.shippedDefaults
        for (model, price) in configuration?.trainingPrices ?? [:] { prices.usdPerMillionTrainingTokens[model] = price }
        return prices
    }
}
