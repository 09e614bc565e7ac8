import Foundation
import Testing

@testable import TrainingData

@Suite("Billed tokens and cost")
struct CostTests {
    @Test(
        "OpenAI's default-epoch rule",
        arguments: [
            (1, 25), (5, 20), (20, 5), (25, 4), (34, 3), (33, 3), (50, 3), (8333, 3), (8334, 2), (10_000, 2),
            (30_000, 1),
        ])
    func defaultEpochs(examples: Int, epochs: Int) {
        #expect(Epochs.defaultEpochs(examples: examples) == epochs)
    }

    @Test("billed tokens are epochs × capped tokens, priced per million")
    func estimate() {
        let e = CostEstimator().estimate(
            model: "gpt-4o-mini-2024-07-18", examples: 100, cappedTokens: 2_000_000, epochs: .auto)
        #expect(e.epochs == 3)
        #expect(e.billedTokens == 6_000_000)
        #expect(e.usdPerMillionTokens == 3.0)
        #expect(e.estimatedCostUSD == 18.0)
        let fixed = CostEstimator().estimate(
            model: "gpt-4.1-mini-2025-04-14", examples: 100, cappedTokens: 1_000_000, epochs: .fixed(2))
        #expect(fixed.billedTokens == 2_000_000)
        #expect(fixed.estimatedCostUSD == 10.0)
    }

    @Test("the longest price prefix wins; unknown or time-billed models have no price")
    func priceLookup() {
        let table = PriceTable.shippedDefaults
        #expect(table.price(for: "gpt-4.1-nano-2025-04-14") == 1.50)
        #expect(table.price(for: "gpt-4.1-2025-04-14") == 25.00)
        #expect(table.price(for: "ft:gpt-4o-mini-2024-07-18:acme::x1") == 3.00)
        #expect(table.price(for: "o4-mini-2025-04-16") == nil)
        #expect(
            CostEstimator().estimate(model: "o4-mini", examples: 10, cappedTokens: 10, epochs: .auto).estimatedCostUSD
                == nil)
    }

    @Test("configuration can override and add prices")
    func overrides() {
        let table = PriceTable.shippedDefaults.overriding(
            ["gpt-4o-mini": 2.5, "my-model": 1.0], asOf: "2026-11 config")
        #expect(table.price(for: "gpt-4o-mini-2024-07-18") == 2.5)
        #expect(table.price(for: "my-model-v2") == 1.0)
        #expect(table.asOf == "2026-11 config")
    }

    @Test("a validated file's billed tokens cap each example at the model limit")
    func cappedInReport() throws {
        var options = ValidationOptions()
        options.tokenLimit = 20
        options.epochs = .fixed(2)
        var lines = ValidationHarness.filler(60)
        lines.append(
            Array(
                #"{"messages":[{"role":"user","content":"\#(String(repeating: "word ", count: 100))"},{"role":"assistant","content":"ok"}]}"#
                    .utf8))
        let report = try ValidationHarness.validate(lines, options: options)
        let uncapped = report.training.totalTokens
        let tokens = report.training.tokensPerExample
        #expect(tokens.max > 20)
        #expect(report.training.cappedTokens < uncapped)
        #expect(report.billedTokens == 2 * report.training.cappedTokens)
        #expect(report.count(.exampleTooLong) == 1)
    }

    @Test("distribution quantiles are nearest-rank")
    func distribution() {
        var d = DistributionAccumulator()
        for v in 1...100 { d.add(v) }
        d.add(1_000_000)
        let s = d.summary
        #expect(s.count == 101)
        #expect(s.min == 1)
        #expect(s.max == 1_000_000)
        #expect(s.median == 51)
        #expect(s.p10 == 11)
        #expect(s.p90 == 91)
        #expect(s.total == 5050 + 1_000_000)
    }
}
