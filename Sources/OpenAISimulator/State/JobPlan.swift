/// How a simulated job will unfold, fixed when it is created: the length of each phase in real
/// seconds (already divided by the time scale), its steps, and whether validation will fail.
struct JobPlan: Codable, Sendable {
    var validatingSeconds: Double
    var queuedSeconds: Double
    var secondsPerStep: Double
    var epochs: Int
    var stepsPerEpoch: Int
    var batchSize: Int
    var learningRateMultiplier: Double
    var examples: Int
    var tokensPerEpoch: Int
    /// Set when the training data is invalid: the job fails when validation ends.
    var validationFailure: String?
    var hasValidationFile: Bool

    var totalSteps: Int { epochs * stepsPerEpoch }
    var runningSeconds: Double { Double(totalSteps) * secondsPerStep }
    /// Active seconds from creation to the end of each phase.
    var validatedAt: Double { validatingSeconds }
    var startedAt: Double { validatingSeconds + queuedSeconds }
    var endsAt: Double { startedAt + runningSeconds }

    /// Realistic durations at time scale 1 (a demo takes minutes); tests speed them up.
    static let validatingBase = 30.0
    static let queuedBase = 60.0
    static let stepBase = 1.0

    /// OpenAI's default-epoch rule for `n_epochs: "auto"` (from the cookbook).
    static func defaultEpochs(examples n: Int) -> Int {
        guard n > 0 else { return 1 }
        if n * 3 < 100 { return min(25, 100 / n) }
        if n * 3 > 25_000 { return max(1, 25_000 / n) }
        return 3
    }

    /// About 0.2 % of the examples per batch, from 1 to 256.
    static func defaultBatchSize(examples n: Int) -> Int { max(1, min(256, n / 500)) }
}

/// A pause of a running job: it was paused at `start`, and if resumed, went back to the queue at
/// `resumedAt` and ran again from `requeuedUntil`. While open it has no end.
struct PauseInterval: Codable, Sendable {
    var start: Double
    var activeAtStart: Double
    var resumedAt: Double?
    var requeuedUntil: Double?

    /// Seconds of wall time this pause removed from training, as of `now`.
    func length(at now: Double) -> Double {
        let end = min(requeuedUntil ?? now, now)
        return max(0, end - start)
    }
}
