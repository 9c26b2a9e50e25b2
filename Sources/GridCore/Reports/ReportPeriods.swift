/// The range a report is about and the one it is compared with (环比): the previous period of the
/// same length, right before it.
///
/// - A range of whole local months (it starts and ends at 00:00 on the first of a month, in the
///   working calendar's zone) is compared with as many whole months before it: June with May,
///   a quarter with the quarter before, a year with the year before — whatever the months' lengths.
/// - Any other range is compared with the same length of time right before it: 10–19 June with
///   31 May–9 June; this month so far (1 June 00:00 → now) with the same span before 1 June.
///
/// Every figure of a report is counted for both periods in the same pass over the store
/// (`IncidentEventFacts`, `ReportRules.evaluate`), so the comparison costs no second read.
public struct ReportPeriods: Sendable, Equatable {
    public enum Period: Sendable, Equatable {
        case current, previous
    }

    public var current: ReportRange
    /// Ends where `current` starts.
    public var previous: ReportRange

    public init(current: ReportRange, previous: ReportRange) {
        self.current = current
        self.previous = previous
    }

    /// `current` and the period before it by the rule above.
    public init(current: ReportRange, calendar: WorkingCalendar) {
        self.init(current: current, previous: Self.previous(of: current, calendar: calendar))
    }

    /// A report with nothing to compare with: the previous period is empty.
    public init(only current: ReportRange) {
        self.init(current: current, previous: ReportRange(from: current.from, to: current.from))
    }

    /// Both periods: what the store selects incidents for.
    public var span: ReportRange { ReportRange(from: min(previous.from, current.from), to: current.to) }

    public func range(_ period: Period) -> ReportRange { period == .current ? current : previous }

    /// The period `instant` falls in, if any.
    @inline(__always)
    public func period(of instant: Timestamp) -> Period? {
        if current.contains(instant) { return .current }
        if previous.contains(instant) { return .previous }
        return nil
    }

    /// The period before `range` by the rule of the type's documentation.
    public static func previous(of range: ReportRange, calendar: WorkingCalendar) -> ReportRange {
        if let months = wholeMonths(range, calendar: calendar) {
            let start = calendar.localDate(at: range.from)
            let index = start.year * 12 + (start.month - 1) - months
            let first = CivilDate(year: index / 12, month: index % 12 + 1, day: 1)
            return ReportRange(from: calendar.instant(on: first, secondsSinceMidnight: 0), to: range.from)
        }
        let length = range.to.milliseconds - range.from.milliseconds
        return ReportRange(from: range.from.adding(milliseconds: -length), to: range.from)
    }

    /// How many whole local months `range` covers, when it starts and ends at the start of a month.
    static func wholeMonths(_ range: ReportRange, calendar: WorkingCalendar) -> Int? {
        func monthStart(_ instant: Timestamp) -> CivilDate? {
            let date = calendar.localDate(at: instant)
            guard date.day == 1, calendar.instant(on: date, secondsSinceMidnight: 0) == instant else { return nil }
            return date
        }
        guard let start = monthStart(range.from), let end = monthStart(range.to) else { return nil }
        let months = (end.year * 12 + end.month) - (start.year * 12 + start.month)
        return months > 0 ? months : nil
    }
}
