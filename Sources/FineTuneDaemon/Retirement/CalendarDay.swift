import Foundation

/// A calendar day in UTC (`YYYY-MM-DD`), as retirement dates are announced. Ordered; the
/// distance between two days is a whole number of days.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    /// Nil unless `text` is a real date written `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        guard let date = Self.calendar.date(from: components),
            Self.calendar.component(.day, from: date) == day, Self.calendar.component(.month, from: date) == month
        else { return nil }
        ordinal = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// The UTC day `date` falls on.
    public init(_ date: Date) { ordinal = Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// The day at 00:00 UTC of a Unix time (Azure's `deprecation` values).
    public init(unixSeconds: Int) { ordinal = Int((Double(unixSeconds) / 86_400).rounded(.down)) }

    init(ordinal: Int) { self.ordinal = ordinal }

    /// Days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDay) -> Int { other.ordinal - ordinal }

    public func adding(days: Int) -> CalendarDay { CalendarDay(ordinal: ordinal + days) }

    public var description: String {
        let date = Date(timeIntervalSince1970: Double(ordinal) * 86_400)
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.ordinal < rhs.ordinal }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()
}
