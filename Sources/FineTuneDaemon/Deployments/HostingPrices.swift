import OpenAIFineTuning
import Systemd

/// What an Azure deployment of a fine-tuned model costs per hour it exists, by type, and where
/// the figures come from. The hosting fee accrues whether or not the deployment is used.
///
/// Shipped figures (reference §4, [S9]: Microsoft's fine-tuning cost page, 2026-02-11, whose
/// prices are "for example purposes only"): Standard $1.70/h, Global Standard $1.70/h,
/// Developer no hourly fee. Token charges come on top and are not counted here.
/// `HostingPrice=SKU USD` in `[Pricing]` replaces a figure with your contract's.
public struct HostingPrices: Sendable, Hashable {
    /// USD per hour.
    public var perHour: [DeploymentSKU: Double]
    /// Where the figures come from, shown beside the cost.
    public var source: String

    public static let shipped = HostingPrices(
        perHour: [.standard: 1.70, .globalStandard: 1.70, .developer: 0],
        source: "Microsoft's example prices (learn.microsoft.com fine-tuning cost management, 2026-02-11)")

    public init(perHour: [DeploymentSKU: Double], source: String) {
        self.perHour = perHour
        self.source = source
    }

    /// USD per hour for `sku`; 0 for a type without a figure.
    public func hourly(_ sku: DeploymentSKU) -> Double { perHour[sku] ?? 0 }

    /// The shipped table with the `HostingPrice=SKU USD` lines applied.
    static func parse(_ lines: [INIAssignment]) throws(INIError) -> HostingPrices {
        var prices = shipped
        var overridden: [String] = []
        for line in lines {
            let words = line.value.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2, let sku = DeploymentSKU(parsing: String(words[0])), let price = Double(words[1]),
                price >= 0, price < 1e6
            else {
                throw INIError(
                    line, "expected \"GlobalStandard|Standard|Developer USD-PER-HOUR\", got \"\(line.value)\"")
            }
            prices.perHour[sku] = price
            overridden.append("\(sku.rawValue) from \(line.location)")
        }
        if !overridden.isEmpty {
            prices.source = "HostingPrice= (\(overridden.joined(separator: ", "))), else " + shipped.source
        }
        return prices
    }
}
