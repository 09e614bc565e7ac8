/// How many epochs a job trains for: a fixed number, or OpenAI's default when `n_epochs` is "auto".
public enum Epochs: Sendable, Equatable, Codable {
    case auto
    case fixed(Int)

    /// OpenAI's default-epoch rule (the cookbook's constants): 3 epochs, raised so that at least
    /// 100 examples are seen (at most 25 epochs) or lowered so that at most 25,000 are (at least 1).
    public static func defaultEpochs(examples n: Int) -> Int {
        guard n > 0 else { return 0 }
        let target = 3, minTarget = 100, maxTarget = 25_000, minEpochs = 1, maxEpochs = 25
        if n * target < minTarget { return min(maxEpochs, minTarget / n) }
        if n * target > maxTarget { return max(minEpochs, maxTarget / n) }
        return target
    }

    /// The epochs trained for a file of `examples` examples.
    public func resolved(examples: Int) -> Int {
        switch self {
        case .auto: Epochs.defaultEpochs(examples: examples)
        case .fixed(let n): n
        }
    }
}
