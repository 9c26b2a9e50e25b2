/// Deadline arithmetic: a duration from a start, a fraction of it (the warning, "yellow light"),
/// and the working time between two instants (time to ack / resolve in reports).
///
/// Definitions, exact to the millisecond:
/// - Working time accrues only inside office intervals of working days. An interval counts from
///   its start (inclusive) up to its end; a deadline is the first instant at which the required
///   working time has accrued, so a deadline that lands exactly on an interval end is that end
///   (12:00, not 14:30), while a start exactly at an interval end (12:00, 18:00) accrues nothing
///   until the next interval begins.
/// - A start outside office hours begins counting at the next office interval.
/// - A zero duration's deadline is its start, wherever the start is.
/// - `wd` is `n` × `officeHours.dayMilliseconds` of working time (see `PolicyDuration`).
/// - The walk goes day by day over the office intervals (never minute by minute) and stops after
///   `searchHorizonDays` days with a `DeadlineError` — a calendar without working time cannot hang.
extension WorkingCalendar {
    /// About ten years: how far the walk searches for working time.
    public static let searchHorizonDays = 3660

    /// The deadline `duration` after `start`.
    public func adding(_ duration: PolicyDuration, to start: Timestamp) throws(DeadlineError) -> Timestamp {
        switch duration {
        case .calendar(let milliseconds):
            let (sum, overflow) = start.milliseconds.addingReportingOverflow(milliseconds)
            guard milliseconds >= 0, !overflow else { throw .invalidDuration(duration) }
            return Timestamp(milliseconds: sum)
        case .working, .workingDays:
            return try addingWorkingTime(workingLength(of: duration), to: start)
        }
    }

    /// The instant at `fraction` (clamped to 0…1) of `duration` from `start`, counted in the
    /// duration's own time base: 0.8 of `5wh` is the deadline of 4 working hours, 0.5 of `2h` is
    /// one elapsed hour. The fraction of the milliseconds is rounded to the nearest millisecond;
    /// a fraction of 1 gives the same instant as `adding`.
    public func point(_ fraction: Double, of duration: PolicyDuration, from start: Timestamp) throws(DeadlineError) -> Timestamp {
        let clamped = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        func scaled(_ milliseconds: Int64) -> Int64 {
            clamped == 1 ? milliseconds : Int64((Double(milliseconds) * clamped).rounded())
        }
        switch duration {
        case .calendar(let milliseconds):
            guard milliseconds >= 0 else { throw .invalidDuration(duration) }
            return try adding(.calendar(scaled(milliseconds)), to: start)
        case .working, .workingDays:
            return try addingWorkingTime(scaled(workingLength(of: duration)), to: start)
        }
    }

    /// The working time between two instants, in milliseconds; negative when `end` is before `start`.
    /// For every working duration `d`, `workingMilliseconds(from: s, to: adding(d, to: s))` is `d`
    /// (`wd` counted as working time).
    public func workingMilliseconds(from start: Timestamp, to end: Timestamp) -> Int64 {
        if end < start { return -workingMilliseconds(from: end, to: start) }
        var total: Int64 = 0
        var day = zone.localDate(at: start.milliseconds).daysSinceEpoch - 1
        let lastDay = zone.localDate(at: end.milliseconds).daysSinceEpoch
        while day <= lastDay {
            for interval in intervalMilliseconds(on: CivilDate(daysSinceEpoch: day)) {
                let from = max(interval.start, start.milliseconds), to = min(interval.end, end.milliseconds)
                if to > from { total += to - from }
            }
            day += 1
        }
        return total
    }

    /// The working time a working duration stands for, in milliseconds; `wd` is days × the
    /// length of a normal office day. A calendar duration has none.
    public func workingLength(of duration: PolicyDuration) throws(DeadlineError) -> Int64 {
        switch duration {
        case .calendar:
            throw .invalidDuration(duration)
        case .working(let milliseconds):
            guard milliseconds >= 0 else { throw .invalidDuration(duration) }
            return milliseconds
        case .workingDays(let days):
            let (product, overflow) = days.multipliedReportingOverflow(by: officeHours.dayMilliseconds)
            guard days >= 0, !overflow else { throw .invalidDuration(duration) }
            return product
        }
    }

    private func addingWorkingTime(_ milliseconds: Int64, to start: Timestamp) throws(DeadlineError) -> Timestamp {
        if milliseconds == 0 { return start }
        var remaining = milliseconds
        var foundWorkingTime = false
        // Start a day early: an interval of the previous local date may still be open (DST edge).
        var day = zone.localDate(at: start.milliseconds).daysSinceEpoch - 1
        for _ in 0..<Self.searchHorizonDays {
            for interval in intervalMilliseconds(on: CivilDate(daysSinceEpoch: day)) where interval.end > start.milliseconds {
                let from = max(interval.start, start.milliseconds)
                let available = interval.end - from
                foundWorkingTime = true
                if remaining <= available { return Timestamp(milliseconds: from + remaining) }
                remaining -= available
            }
            day += 1
        }
        throw foundWorkingTime
            ? .beyondHorizon(after: start, searchedDays: Self.searchHorizonDays)
            : .noWorkingTime(after: start, searchedDays: Self.searchHorizonDays)
    }
}
