/// The nearest model shutdown within 7 days, as STATUS= names it.
struct RetiringSoon: Sendable, Hashable, CustomStringConvertible {
    var model: String
    var day: CalendarDay
    var daysLeft: Int

    var description: String {
        let when =
            switch daysLeft {
            case 0: "today"
            case 1: "tomorrow"
            default: "in \(daysLeft) days"
            }
        return "\(model) shuts down \(when) (\(day))"
    }
}
