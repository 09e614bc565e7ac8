/// Typed readings of assignment values, with systemd's spellings. Each throws an `INIError`
/// naming the file, line and key of a bad value.
extension INIAssignment {
    /// `1|yes|y|true|t|on` or `0|no|n|false|f|off` (case-insensitive).
    public func bool() throws(INIError) -> Bool {
        switch value.lowercased() {
        case "1", "yes", "y", "true", "t", "on": return true
        case "0", "no", "n", "false", "f", "off": return false
        default: throw INIError(self, "not a boolean: \"\(value)\" (use yes or no)")
        }
    }

    /// A decimal integer within `range`.
    public func integer(in range: ClosedRange<Int> = Int.min...Int.max) throws(INIError) -> Int {
        guard let number = Int(value) else { throw INIError(self, "not an integer: \"\(value)\"") }
        guard range.contains(number) else {
            throw INIError(self, "\(number) is out of range \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    /// A decimal number (e.g. a price) within `range`.
    public func decimal(
        in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    ) throws(INIError) -> Double {
        guard let number = Double(value), number.isFinite else { throw INIError(self, "not a number: \"\(value)\"") }
        guard range.contains(number) else { throw INIError(self, "\(value) is out of range") }
        return number
    }

    /// A systemd time span (systemd.time(7)): `30`, `30s`, `5min`, `1h 30min`, `500ms`, `2d`.
    /// A bare number is seconds. `infinity` is not accepted.
    public func timeSpan(
        in range: ClosedRange<Duration> = .zero ... .seconds(Int64.max / 1_000_000_000)
    ) throws(INIError) -> Duration {
        guard let span = TimeSpanParser.parse(value) else {
            throw INIError(self, "not a time span: \"\(value)\" (e.g. 30s, 5min, 1h)")
        }
        guard range.contains(span) else { throw INIError(self, "\(value) is out of range") }
        return span
    }

    /// One of `choices` (exact, case-sensitive as systemd is).
    public func oneOf(_ choices: [String]) throws(INIError) -> String {
        guard choices.contains(value) else {
            throw INIError(self, "\"\(value)\" is not one of \(choices.joined(separator: ", "))")
        }
        return value
    }

    /// An absolute path.
    public func absolutePath() throws(INIError) -> String {
        guard value.hasPrefix("/") else { throw INIError(self, "not an absolute path: \"\(value)\"") }
        return value
    }
}

/// systemd.time(7) spans.
enum TimeSpanParser {
    private static let units: [(names: [String], microseconds: Int64)] = [
        (["us", "usec", "µs"], 1),
        (["ms", "msec"], 1_000),
        (["s", "sec", "second", "seconds"], 1_000_000),
        (["m", "min", "minute", "minutes"], 60_000_000),
        (["h", "hr", "hour", "hours"], 3_600_000_000),
        (["d", "day", "days"], 86_400_000_000),
        (["w", "week", "weeks"], 604_800_000_000),
    ]

    static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        if let seconds = Int64(trimmed), seconds >= 0 { return .seconds(seconds) }
        var total: Int64 = 0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " }
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, let number = Double(digits), number >= 0 else { return nil }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            let unitName = String(rest.prefix { $0.isLetter || $0 == "µ" })
            rest = rest.dropFirst(unitName.count)
            let scale: Int64
            if unitName.isEmpty {
                scale = 1_000_000
            } else if let unit = units.first(where: { $0.names.contains(unitName) }) {
                scale = unit.microseconds
            } else {
                return nil
            }
            let micros = number * Double(scale)
            guard micros < 9e18 else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(Int64(micros))
            if overflow { return nil }
            total = sum
        }
        return .microseconds(total)
    }
}
