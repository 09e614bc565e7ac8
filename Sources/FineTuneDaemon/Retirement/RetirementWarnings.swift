/// Which retirement warnings are due, decided without I/O from the models' dates, today and the
/// warnings already given (stored, so a restart does not repeat them).
///
/// A warning is given 30, 7 and 1 days before each end date (`shutdown`, and on Azure
/// `fine_tune`), once each. When the daemon first sees a date already inside a window (say 5
/// days left), only the tightest due window is warned about (the 7-day one), not every larger
/// one too. A date that moves is a new date: its windows are warned about afresh.
public enum RetirementWarnings {
    /// The windows, in days before the end date, widest first.
    public static let thresholds = [30, 7, 1]

    /// Which date a warning is about.
    public enum End: String, Sendable, Hashable, CaseIterable {
        /// The model stops answering.
        case shutdown
        /// The model can no longer be fine-tuned (Azure's training retirement).
        case fineTune = "fine_tune"
    }

    /// What identifies a warning given: stored once it is logged.
    public struct Key: Sendable, Hashable {
        public var model: String
        public var end: End
        public var threshold: Int
        public var day: CalendarDay

        public init(model: String, end: End, threshold: Int, day: CalendarDay) {
            self.model = model
            self.end = end
            self.threshold = threshold
            self.day = day
        }
    }

    /// A warning to log now.
    public struct Warning: Sendable, Hashable {
        public var key: Key
        public var daysLeft: Int
        public var source: RetirementSource
    }

    /// A model and its dates, as the check sees them.
    public struct Subject: Sendable {
        public var model: String
        public var dates: RetirementDates

        public init(model: String, dates: RetirementDates) {
            self.model = model
            self.dates = dates
        }
    }

    /// The warnings due `today`, in order of days left, then model.
    ///
    /// - Parameter widest: the widest window in use (`RetirementWarningDays=`): thresholds
    ///   above it are skipped; 0 turns warnings off.
    public static func due(_ subjects: [Subject], today: CalendarDay, given: Set<Key>, widest: Int = 30) -> [Warning] {
        var warnings: [Warning] = []
        for subject in subjects {
            for end in End.allCases {
                guard let dated = end == .shutdown ? subject.dates.shutdown : subject.dates.fineTune else { continue }
                let left = today.days(until: dated.day)
                guard left >= 0 else { continue }
                guard let threshold = thresholds.filter({ $0 <= widest && left <= $0 }).min() else { continue }
                let key = Key(model: subject.model, end: end, threshold: threshold, day: dated.day)
                guard !given.contains(key) else { continue }
                warnings.append(Warning(key: key, daysLeft: left, source: dated.source))
            }
        }
        return warnings.sorted { ($0.daysLeft, $0.key.model) < ($1.daysLeft, $1.key.model) }
    }

    /// The nearest shutdown within `days` days (STATUS=), if any: model and days left.
    public static func nearest(
        _ subjects: [Subject], today: CalendarDay, within days: Int = 7
    )
        -> (model: String, day: CalendarDay, daysLeft: Int)?
    {
        subjects.compactMap { subject -> (String, CalendarDay, Int)? in
            guard let day = subject.dates.shutdown?.day else { return nil }
            let left = today.days(until: day)
            return (0...days).contains(left) ? (subject.model, day, left) : nil
        }.min { ($0.2, $0.0) < ($1.2, $1.0) }
    }
}
