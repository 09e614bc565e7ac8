/// Summary of a distribution of non-negative integers (min, max, mean, median, p10, p90), as the
/// cookbook prints them. Quantiles are the nearest-rank values, exact below 4,096 and within
/// 0.05 % above (log-linear buckets), so memory is constant however many values are added.
public struct Distribution: Codable, Sendable, Equatable {
    public let count: Int
    public let min: Int
    public let max: Int
    public let mean: Double
    public let median: Int
    public let p10: Int
    public let p90: Int
    public let total: Int
}

/// Accumulates values for a ``Distribution``; merge per-thread accumulators with `merge`.
struct DistributionAccumulator {
    private static let exactLimit = 4096
    private static let subBuckets = 2048  // per power of two above the exact range
    private var exact = [UInt32](repeating: 0, count: exactLimit)
    private var log: [Int: UInt32] = [:]
    private(set) var count = 0
    private var total = 0
    private var minValue = Int.max
    private var maxValue = 0

    mutating func add(_ v: Int) {
        let v = Swift.max(0, v)
        count += 1
        total += v
        minValue = Swift.min(minValue, v)
        maxValue = Swift.max(maxValue, v)
        if v < Self.exactLimit { exact[v] += 1 } else { log[Self.bucket(v), default: 0] += 1 }
    }

    mutating func merge(_ other: DistributionAccumulator) {
        count += other.count
        total += other.total
        minValue = Swift.min(minValue, other.minValue)
        maxValue = Swift.max(maxValue, other.maxValue)
        for i in 0..<Self.exactLimit { exact[i] += other.exact[i] }
        for (k, c) in other.log { log[k, default: 0] += c }
    }

    private static func bucket(_ v: Int) -> Int {
        let exponent = Int.bitWidth - 1 - v.leadingZeroBitCount
        let shift = exponent - 11
        return exponent << 16 | (v >> shift) & (subBuckets - 1)
    }

    private static func bucketValue(_ b: Int) -> Int {
        let exponent = b >> 16
        return (1 << exponent) | ((b & 0xFFFF) << (exponent - 11))
    }

    /// The value at rank `ceil(q * count)` (1-based), clamped to [min, max].
    private func quantile(_ q: Double) -> Int {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, Int((q * Double(count)).rounded(.up)))
        var seen = 0
        for v in 0..<Self.exactLimit {
            seen += Int(exact[v])
            if seen >= rank { return v }
        }
        for b in log.keys.sorted() {
            seen += Int(log[b]!)
            if seen >= rank { return Swift.min(maxValue, Swift.max(minValue, Self.bucketValue(b))) }
        }
        return maxValue
    }

    var summary: Distribution {
        Distribution(
            count: count, min: count == 0 ? 0 : minValue, max: maxValue,
            mean: count == 0 ? 0 : Double(total) / Double(count),
            median: quantile(0.5), p10: quantile(0.1), p90: quantile(0.9), total: total)
    }
}
