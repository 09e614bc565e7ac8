/// One per account: holds every request of the account back while the server has asked for a
/// pause, so that a 429 on one request slows them all instead of each hammering on alone. Also
/// keeps the latest rate-limit headers.
actor RequestGate {
    private var openAt: ContinuousClock.Instant = .now
    private(set) var rateLimit: RateLimitSnapshot?

    /// Returns once the gate is open (at once, usually). Throws only on cancellation.
    func waitUntilOpen() async throws {
        while ContinuousClock.now < openAt {
            try await Task.sleep(until: openAt, clock: .continuous)
        }
    }

    /// Closes the gate for at least `duration` from now; an earlier, longer closure stands.
    func close(for duration: Duration) {
        openAt = max(openAt, .now + duration)
    }

    /// How long the gate stays closed from now (zero when open).
    var remainingClosure: Duration {
        let now = ContinuousClock.now
        return openAt > now ? openAt - now : .zero
    }

    func record(_ snapshot: RateLimitSnapshot) { rateLimit = snapshot }
}
