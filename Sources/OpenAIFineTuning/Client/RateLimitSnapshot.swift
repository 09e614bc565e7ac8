import FoundationEssentials

/// The rate-limit state the server last reported for an account (`x-ratelimit-*` headers).
public struct RateLimitSnapshot: Sendable, Hashable {
    public var limitRequests: Int?
    public var remainingRequests: Int?
    public var resetRequests: Duration?
    public var limitTokens: Int?
    public var remainingTokens: Int?
    public var resetTokens: Duration?
    /// When the headers were read.
    public var observedAt: Date

    /// Reads the headers; nil when the answer had none of them.
    public init?(headers: [(name: String, value: String)], observedAt: Date = Date()) {
        func value(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value
        }
        limitRequests = value("x-ratelimit-limit-requests").flatMap { Int($0) }
        remainingRequests = value("x-ratelimit-remaining-requests").flatMap { Int($0) }
        resetRequests = value("x-ratelimit-reset-requests").flatMap(Self.parseGoDuration)
        limitTokens = value("x-ratelimit-limit-tokens").flatMap { Int($0) }
        remainingTokens = value("x-ratelimit-remaining-tokens").flatMap { Int($0) }
        resetTokens = value("x-ratelimit-reset-tokens").flatMap(Self.parseGoDuration)
        self.observedAt = observedAt
        if limitRequests == nil && remainingRequests == nil && limitTokens == nil
            && remainingTokens == nil
        {
            return nil
        }
    }

    /// Parses a Go-style duration such as `1s`, `6m0s`, `12ms`, `1h2m3.5s` or `250us`.
    public static func parseGoDuration(_ text: String) -> Duration? {
        var total = 0.0
        var number = ""
        var unit = ""
        var sawAny = false
        func flush() -> Bool {
            guard !number.isEmpty, let value = Double(number) else { return number.isEmpty && unit.isEmpty }
            let scale: Double
            switch unit {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            case "ms": scale = 1e-3
            case "us", "µs": scale = 1e-6
            case "ns": scale = 1e-9
            default: return false
            }
            total += value * scale
            number = ""
            unit = ""
            sawAny = true
            return true
        }
        for character in text.trimmingWhitespace() {
            if character.isNumber || character == "." {
                if !unit.isEmpty, !flush() { return nil }
                number.append(character)
            } else {
                unit.append(character)
            }
        }
        guard flush(), sawAny else { return nil }
        return .milliseconds(Int64((total * 1000).rounded()))
    }
}
