import XCTest
@testable import GridCore

/// Zones with daylight saving time: working time follows local office hours across the change,
/// calendar time stays elapsed time, and wall-clock times that a change skips or repeats map as
/// documented (skipped → the transition instant, repeated → the first occurrence).
final class CalendarDSTTests: XCTestCase {
    // Europe/Berlin: CET +01:00 → CEST +02:00 on Sunday 2026-03-29 at 01:00Z; back on Sunday 2026-10-25 at 01:00Z.
    static let berlin = CalendarFixtures.calendar("Europe/Berlin", office: "08:00-16:00")
    static let berlinEveryDay = CalendarFixtures.calendar("Europe/Berlin", office: "08:00-16:00", weekend: "none")
    static let berlinNight = CalendarFixtures.calendar("Europe/Berlin", office: "01:00-04:00", weekend: "none")
    // America/New_York: EST −05:00 → EDT −04:00 on Sunday 2026-03-08; back on Sunday 2026-11-01.
    static let newYork = CalendarFixtures.calendar("America/New_York", office: "08:30-12:00, 14:30-18:00")

    func testBerlinDeadlines() {
        let calendar = Self.berlin
        checkDeadlines([
            DeadlineCase("2026-03-27T15:00:00+01:00", "2wh", "2026-03-30T09:00:00+02:00", "Friday → Monday across spring forward"),
            DeadlineCase("2026-03-27T10:00:00+01:00", "1wd", "2026-03-30T10:00:00+02:00", "1wd is 8 working hours, same wall time"),
            DeadlineCase("2026-03-27T12:00:00+01:00", "3d", "2026-03-30T13:00:00+02:00", "3d is 72 elapsed hours: 13:00 local"),
            DeadlineCase("2026-10-23T15:00:00+02:00", "2wh", "2026-10-26T09:00:00+01:00", "Friday → Monday across fall back"),
            DeadlineCase("2026-10-23T12:00:00+02:00", "3d", "2026-10-26T11:00:00+01:00", "3d is 72 elapsed hours: 11:00 local"),
            DeadlineCase("2026-10-23T10:00:00+02:00", "1wd", "2026-10-26T10:00:00+01:00", "1wd across fall back"),
        ], on: calendar, offsetSeconds: calendar.utcOffsetSeconds(at:))
        checkDeadlines([
            DeadlineCase("2026-03-28T15:00:00+01:00", "2wh", "2026-03-29T09:00:00+02:00", "into the DST Sunday (a working day here)"),
            DeadlineCase("2026-10-24T15:00:00+02:00", "2wh", "2026-10-25T09:00:00+01:00", "into the fall-back Sunday"),
        ], on: Self.berlinEveryDay, offsetSeconds: Self.berlinEveryDay.utcOffsetSeconds(at:))
        checkDeadlines([
            DeadlineCase("2026-03-29T01:00:00+01:00", "90wmin", "2026-03-29T03:30:00+02:00", "01:00–04:00 loses the skipped hour"),
            DeadlineCase("2026-10-25T01:00:00+02:00", "3wh", "2026-10-25T03:00:00+01:00", "01:00–04:00 gains the repeated hour"),
            DeadlineCase("2026-03-29T01:00:00+01:00", "3wh", "2026-03-30T02:00:00+02:00", "2h on the short day, 1h the next"),
        ], on: Self.berlinNight, offsetSeconds: Self.berlinNight.utcOffsetSeconds(at:))
    }

    func testBerlinIntervalsAsUTCInstants() {
        func intervals(_ calendar: WorkingCalendar, _ date: String) -> [String] {
            calendar.workingIntervals(on: CivilDate(iso: date)!).map { "\($0.start)/\($0.end)" }
        }
        XCTAssertEqual(intervals(Self.berlin, "2026-03-27"), ["2026-03-27T07:00:00.000Z/2026-03-27T15:00:00.000Z"])
        XCTAssertEqual(intervals(Self.berlin, "2026-03-30"), ["2026-03-30T06:00:00.000Z/2026-03-30T14:00:00.000Z"])
        XCTAssertEqual(intervals(Self.berlin, "2026-03-29"), [])  // Sunday
        XCTAssertEqual(intervals(Self.berlinEveryDay, "2026-03-29"), ["2026-03-29T06:00:00.000Z/2026-03-29T14:00:00.000Z"])
        XCTAssertEqual(intervals(Self.berlinEveryDay, "2026-10-25"), ["2026-10-25T07:00:00.000Z/2026-10-25T15:00:00.000Z"])
        // 01:00–04:00 across the changes: 2 hours in spring, 4 hours in autumn.
        XCTAssertEqual(intervals(Self.berlinNight, "2026-03-29"), ["2026-03-29T00:00:00.000Z/2026-03-29T02:00:00.000Z"])
        XCTAssertEqual(intervals(Self.berlinNight, "2026-10-25"), ["2026-10-24T23:00:00.000Z/2026-10-25T03:00:00.000Z"])
        // An interval entirely inside the skipped hour does not exist that day.
        let gap = CalendarFixtures.calendar("Europe/Berlin", office: "02:15-02:45", weekend: "none")
        XCTAssertEqual(intervals(gap, "2026-03-29"), [])
        XCTAssertEqual(intervals(gap, "2026-10-25"), ["2026-10-25T00:15:00.000Z/2026-10-25T00:45:00.000Z"])
        XCTAssertEqual(
            try gap.adding(.working(30 * 60_000), to: CalendarFixtures.time("2026-03-28T03:00:00+01:00")),
            CalendarFixtures.time("2026-03-30T02:45:00+02:00"))
    }

    func testWallClockMappingInGapAndOverlap() {
        let calendar = Self.berlin
        let spring = CivilDate(iso: "2026-03-29")!, autumn = CivilDate(iso: "2026-10-25")!
        // 02:30 does not exist on 03-29: the transition instant (03:00 CEST).
        XCTAssertEqual(calendar.instant(on: spring, secondsSinceMidnight: 9000).description, "2026-03-29T01:00:00.000Z")
        XCTAssertEqual(calendar.instant(on: spring, secondsSinceMidnight: 3 * 3600).description, "2026-03-29T01:00:00.000Z")
        XCTAssertEqual(calendar.instant(on: spring, secondsSinceMidnight: 3600 + 1800).description, "2026-03-29T00:30:00.000Z")
        // 02:30 happens twice on 10-25: the first (CEST) occurrence.
        XCTAssertEqual(calendar.instant(on: autumn, secondsSinceMidnight: 9000).description, "2026-10-25T00:30:00.000Z")
        XCTAssertEqual(calendar.instant(on: autumn, secondsSinceMidnight: 3 * 3600).description, "2026-10-25T02:00:00.000Z")
        XCTAssertEqual(calendar.utcOffsetSeconds(at: CalendarFixtures.time("2026-03-29T00:59:59Z")), 3600)
        XCTAssertEqual(calendar.utcOffsetSeconds(at: CalendarFixtures.time("2026-03-29T01:00:00Z")), 7200)
        XCTAssertEqual(calendar.localDate(at: CalendarFixtures.time("2026-03-28T23:30:00Z")), spring)
    }

    func testNewYorkDeadlines() {
        let calendar = Self.newYork
        checkDeadlines([
            DeadlineCase("2026-03-06T17:00:00-05:00", "3wh", "2026-03-09T10:30:00-04:00", "Friday → Monday across spring forward"),
            DeadlineCase("2026-03-06T17:00:00-05:00", "3d", "2026-03-09T18:00:00-04:00", "72 elapsed hours land at 18:00 EDT"),
            DeadlineCase("2026-10-30T17:00:00-04:00", "3wh", "2026-11-02T10:30:00-05:00", "Friday → Monday across fall back"),
            DeadlineCase("2026-10-30T11:00:00-04:00", "1wd", "2026-11-02T11:00:00-05:00", "1wd across fall back"),
            DeadlineCase("2026-10-30T11:00:00-04:00", "2wh", "2026-10-30T15:30:00-04:00", "lunch in New York"),
        ], on: calendar, offsetSeconds: calendar.utcOffsetSeconds(at:))
        XCTAssertEqual(
            try calendar.adding(.working(3 * 3_600_000), to: CalendarFixtures.time("2026-03-06T22:00:00Z")).description,
            "2026-03-09T14:30:00.000Z")
        XCTAssertEqual(
            try calendar.adding(.working(3 * 3_600_000), to: CalendarFixtures.time("2026-10-30T21:00:00Z")).description,
            "2026-11-02T15:30:00.000Z")
    }

    func testUnknownTimeZone() {
        XCTAssertThrowsError(try WorkingCalendar(timeZoneIdentifier: "Mars/Olympus_Mons")) { error in
            XCTAssertTrue("\(error)".contains("unknown time zone \"Mars/Olympus_Mons\""), "\(error)")
        }
        XCTAssertThrowsError(try WorkingCalendar(timeZoneIdentifier: " "))
        XCTAssertEqual(try WorkingCalendar().timeZoneIdentifier, "Asia/Shanghai")
        XCTAssertEqual(try WorkingCalendar(), try WorkingCalendar(timeZoneIdentifier: "Asia/Shanghai"))
        XCTAssertNotEqual(try WorkingCalendar(), Self.newYork)
    }
}
