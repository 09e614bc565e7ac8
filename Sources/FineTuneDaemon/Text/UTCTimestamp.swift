/// A Unix time as RFC 3339 text in UTC with whole seconds, `2025-11-24T16:00:00Z`, as
/// `ISO8601DateFormatter` with `.withInternetDateTime` wrote it (fractions of a second are
/// dropped, rounding toward the earlier second).
package enum UTCTimestamp {
    package static func text(unixSeconds: Double) -> String {
        let whole = Int(unixSeconds.rounded(.down))
        let (days, secondOfDay) = whole.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let time = [second / 3600, second % 3600 / 60, second % 60].map { NumberText.zeroPadded($0, width: 2) }
        return "\(CalendarDay(ordinal: day))T\(time.joined(separator: ":"))Z"
    }
}
