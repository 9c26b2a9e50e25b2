import Foundation

/// When people work: a time zone, the office hours of a working day, the weekend, and the
/// holidays and make-up workdays (调休) of a holiday schedule.
///
/// It exists so that deadlines counted in working time (工作时/工作日) stop over lunch, nights,
/// weekends and public holidays, and run on make-up Saturdays, exactly and the same way in the
/// daemon, the reports and the tests. Pure and `Sendable`; the daemon reads the files and
/// passes their contents.
///
/// A date is a working day when the schedule lists it as `work`, or when it is neither listed as
/// `off` nor a weekend day. Office hours are local wall-clock intervals; on a DST day they are
/// converted as `ZoneRules` documents (a skipped time maps to the transition instant, a repeated
/// time to its first occurrence), so the working time of such a day is the real elapsed time
/// between its local boundaries. Calendar durations are elapsed time and ignore all of this.
public struct WorkingCalendar: Sendable, Equatable {
    public static let defaultTimeZoneIdentifier = "Asia/Shanghai"

    /// The IANA identifier the calendar was built with, e.g. `Asia/Shanghai`.
    public let timeZoneIdentifier: String
    public let officeHours: OfficeHours
    public let weekend: WeekendDays
    public let holidays: HolidaySchedule
    let zone: ZoneRules

    /// Builds a calendar; fails with a message for an unknown time zone. The defaults are
    /// Asia/Shanghai, 08:30–12:00 and 14:30–18:00, Saturday and Sunday, and no holidays.
    public init(
        timeZoneIdentifier: String = WorkingCalendar.defaultTimeZoneIdentifier,
        officeHours: OfficeHours = .standard,
        weekend: WeekendDays = .saturdaySunday,
        holidays: HolidaySchedule = HolidaySchedule()
    ) throws(CalendarSetupError) {
        let trimmed = ConfigText.trim(timeZoneIdentifier)
        guard !trimmed.isEmpty, let zone = TimeZone(identifier: trimmed) else {
            throw CalendarSetupError(
                "unknown time zone \(ConfigText.quoted(timeZoneIdentifier)); expected an IANA identifier such as Asia/Shanghai or Europe/Berlin")
        }
        self.timeZoneIdentifier = trimmed
        self.officeHours = officeHours
        self.weekend = weekend
        self.holidays = holidays
        self.zone = ZoneRules(zone: zone)
    }

    /// Whether `date` (a local date) has office hours.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        switch holidays.kind(of: date) {
        case .work: true
        case .off: false
        case nil: !weekend.contains(weekday: date.weekday)
        }
    }

    /// The office intervals of `date` as instants, in order; empty on a day off. An interval
    /// that a DST gap swallows entirely is left out.
    public func workingIntervals(on date: CivilDate) -> [(start: Timestamp, end: Timestamp)] {
        intervalMilliseconds(on: date).map { (Timestamp(milliseconds: $0.start), Timestamp(milliseconds: $0.end)) }
    }

    /// The local date at an instant.
    public func localDate(at instant: Timestamp) -> CivilDate { zone.localDate(at: instant.milliseconds) }

    /// The zone's UTC offset at an instant, in seconds (for `Timestamp.rfc3339(utcOffsetSeconds:)`).
    public func utcOffsetSeconds(at instant: Timestamp) -> Int { Int(zone.offset(at: instant.milliseconds) / 1000) }

    /// An instant as people read it: RFC 3339 at the zone's offset then, e.g.
    /// `2026-11-28T12:19:13.000+08:00` (what the dispatch log, status, `.reason` files and event
    /// details print; it parses back to the same instant).
    public func rfc3339(_ instant: Timestamp) -> String {
        instant.rfc3339(utcOffsetSeconds: utcOffsetSeconds(at: instant))
    }

    /// The zone's offset (seconds) before `range`, and each change of it inside `range` with the
    /// offset from then on: what the operator views (GridStore) are written from.
    public func offsetChanges(in range: Range<Timestamp>) -> (initial: Int, changes: [(at: Timestamp, offsetSeconds: Int)]) {
        let initial = utcOffsetSeconds(at: range.lowerBound)
        var changes: [(at: Timestamp, offsetSeconds: Int)] = []
        var current = initial
        for change in zone.changes(in: range.lowerBound.milliseconds..<range.upperBound.milliseconds) {
            let offset = Int(zone.offset(at: change) / 1000)
            if offset != current { changes.append((Timestamp(milliseconds: change), offset)) }
            current = offset
        }
        return (initial, changes)
    }

    /// The instant of a local wall-clock time (seconds since local midnight, up to 86 400), with
    /// the DST rules of `ZoneRules`.
    public func instant(on date: CivilDate, secondsSinceMidnight seconds: Int) -> Timestamp {
        Timestamp(milliseconds: zone.instant(local: date.daysSinceEpoch * 86_400_000 + Int64(seconds) * 1000))
    }

    /// Whether `instant` is inside office hours; intervals include their start and exclude their end.
    public func isWithinOfficeHours(_ instant: Timestamp) -> Bool {
        let date = localDate(at: instant)
        return intervalMilliseconds(on: date).contains { $0.start <= instant.milliseconds && instant.milliseconds < $0.end }
    }

    func intervalMilliseconds(on date: CivilDate) -> [(start: Int64, end: Int64)] {
        guard isWorkingDay(date) else { return [] }
        let midnight = date.daysSinceEpoch * 86_400_000
        return officeHours.intervals.compactMap { interval in
            let start = zone.instant(local: midnight + Int64(interval.start) * 1000)
            let end = zone.instant(local: midnight + Int64(interval.end) * 1000)
            return start < end ? (start, end) : nil
        }
    }

    public static func == (lhs: WorkingCalendar, rhs: WorkingCalendar) -> Bool {
        lhs.timeZoneIdentifier == rhs.timeZoneIdentifier && lhs.officeHours == rhs.officeHours
            && lhs.weekend == rhs.weekend && lhs.holidays == rhs.holidays
    }
}
