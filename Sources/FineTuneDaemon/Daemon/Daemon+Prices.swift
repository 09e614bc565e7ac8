import TrainingData

extension Daemon {
    /// The shipped training prices with `[Pricing] TrainingPrice=` entries over them.
    var trainingPrices: PriceTable { running.withLock { $0?.trainingPrices } ?? .shippedDefaults }
}
