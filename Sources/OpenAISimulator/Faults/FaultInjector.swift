/// Rolls the dice of a `FaultPlan` and keeps the sliding-minute request window. Not thread-safe:
/// the simulator calls it under its state lock.
struct FaultInjector: Sendable {
    private(set) var plan: FaultPlan
    private var generator: SplitMix64
    private var fired: [Int: Int] = [:]
    private var window: [Double] = []

    init(plan: FaultPlan) {
        self.plan = plan
        self.generator = SplitMix64(seed: plan.seed)
    }

    /// The rule that applies to this request, if any; counts it as fired.
    mutating func rule(for endpoint: String) -> FaultRule? {
        for (index, rule) in plan.rules.enumerated() where rule.matches(endpoint) {
            if let count = rule.count, fired[index, default: 0] >= count { continue }
            guard generator.unit() < rule.probability else { continue }
            fired[index, default: 0] += 1
            return rule
        }
        return nil
    }

    /// Counts a request in the sliding minute; returns how long until a slot frees if over the limit.
    mutating func rateLimit(now: Double) -> (limit: Int, remaining: Int, retryAfter: Double?) {
        guard let limit = plan.requestsPerMinute else { return (10_000, 9_999, nil) }
        window.removeAll { $0 <= now - 60 }
        if window.count >= limit {
            let wait = (window.first ?? now) + 60 - now
            return (limit, 0, max(wait, 0.001))
        }
        window.append(now)
        return (limit, limit - window.count, nil)
    }

    /// Requests counted in the sliding minute ending at `now`.
    func windowCount(now: Double) -> Int { window.filter { $0 > now - 60 }.count }
}
