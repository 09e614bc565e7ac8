#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What to validate against. Defaults suit a gpt-4o-mini SFT job with `n_epochs: "auto"`.
public struct ValidationOptions: Sendable {
    public var format: DataFormat = .auto
    /// The base model; picks the encoding, the per-example limit and the price.
    public var model: String = "gpt-4o-mini-2024-07-18"
    public var epochs: Epochs = .auto
    public var prices: PriceTable = .shippedDefaults
    /// Overrides the model's per-example token limit.
    public var tokenLimit: Int?
    /// Lines longer than this are reported (`line_too_long`) and skipped, never buffered.
    public var maxLineBytes: Int = 16 << 20
    /// At most this many problems are kept in the report (counts are always complete).
    public var maxStoredProblems: Int = 1000
    /// Threads that check lines; the file is read in blocks shared among them.
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Fewer examples than this is an error (OpenAI's minimum).
    public var minimumExamples: Int = 10
    /// Fewer examples than this is a warning (the guide recommends 50–100).
    public var recommendedExamples: Int = 50
    /// Asked between blocks of the file: when it answers true, validation stops and throws
    /// `CancellationError` (a submission cancelled, a daemon stopping).
    public var isCancelled: (@Sendable () -> Bool)?

    public init() {}
}
