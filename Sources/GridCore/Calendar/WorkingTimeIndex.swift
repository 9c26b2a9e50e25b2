/// The working time between two instants, answered by a binary search instead of a day-by-day
/// walk: the office intervals of a span of days, sorted, with the working time accrued before
/// each. Exactly `WorkingCalendar.workingMilliseconds(from:to:)` — instants outside the span, or
/// a calendar whose intervals overlap, fall back to it.
///
/// It exists for reports: a million incidents need two working-time differences each, and the
/// walk converts every day it passes through the time zone.
public struct WorkingTimeIndex: Sendable {
    public let calendar: WorkingCalendar
    private let starts: [Int64]
    private let ends: [Int64]
    /// Working time accrued in the intervals before interval i.
    private let before: [Int64]
    /// Instants in [coveredFrom, coveredTo] are answered from the index.
    private let coveredFrom: Int64
    private let coveredTo: Int64

    /// Indexes the office intervals from a couple of days before `from` to a couple after `to`.
    public init(calendar: WorkingCalendar, from: Timestamp, to: Timestamp) {
        self.calendar = calendar
        let firstDay = calendar.localDate(at: min(from, to)).daysSinceEpoch - 2
        let lastDay = calendar.localDate(at: max(from, to)).daysSinceEpoch + 2
        var starts: [Int64] = []
        var ends: [Int64] = []
        var before: [Int64] = []
        var accrued: Int64 = 0
        var ordered = true
        var day = firstDay
        while day <= lastDay {
            for interval in calendar.intervalMilliseconds(on: CivilDate(daysSinceEpoch: day)) {
                if let lastEnd = ends.last, interval.start < lastEnd { ordered = false }
                starts.append(interval.start)
                ends.append(interval.end)
                before.append(accrued)
                accrued += interval.end - interval.start
            }
            day += 1
        }
        // Intervals of days outside [firstDay, lastDay] end before the midnight that opens
        // firstDay + 1 and start after the one that opens lastDay, so between those two
        // midnights the indexed intervals are all there is.
        if ordered {
            coveredFrom = calendar.instant(on: CivilDate(daysSinceEpoch: firstDay + 1), secondsSinceMidnight: 0).milliseconds
            coveredTo = calendar.instant(on: CivilDate(daysSinceEpoch: lastDay), secondsSinceMidnight: 0).milliseconds
        } else {
            coveredFrom = 0
            coveredTo = -1
        }
        self.starts = starts
        self.ends = ends
        self.before = before
    }

    /// The working time between two instants, in milliseconds; negative when `end` is before `start`.
    public func workingMilliseconds(from start: Timestamp, to end: Timestamp) -> Int64 {
        let a = start.milliseconds, b = end.milliseconds
        guard a >= coveredFrom, a <= coveredTo, b >= coveredFrom, b <= coveredTo else {
            return calendar.workingMilliseconds(from: start, to: end)
        }
        return accrued(at: b) - accrued(at: a)
    }

    /// Working time accrued in the indexed intervals up to `instant`.
    /// `start` plus `milliseconds` of working time, exactly as `WorkingCalendar.adding` gives it
    /// (a deadline that falls on the end of an interval is that end, not the next start), by two
    /// binary searches instead of a walk over the days; nil when `start` or the result is
    /// outside the indexed range, or `milliseconds` is negative (the caller walks the calendar).
    public func adding(workingMilliseconds milliseconds: Int64, to start: Timestamp) -> Timestamp? {
        let a = start.milliseconds
        guard milliseconds >= 0, a >= coveredFrom, a <= coveredTo else { return nil }
        if milliseconds == 0 { return start }
        let (target, overflow) = accrued(at: a).addingReportingOverflow(milliseconds)
        guard !overflow else { return nil }
        // The first interval by whose end the target has accrued.
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if before[middle] + (ends[middle] - starts[middle]) >= target { high = middle } else { low = middle + 1 }
        }
        guard low < starts.count else { return nil }
        let result = starts[low] + (target - before[low])
        guard result <= coveredTo else { return nil }
        return Timestamp(milliseconds: result)
    }

    private func accrued(at instant: Int64) -> Int64 {
        // The last interval starting at or before the instant.
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return 0 }
        let index = low - 1
        return before[index] + min(instant, ends[index]) - starts[index]
    }
}
