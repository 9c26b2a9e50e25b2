import Foundation
import XCTest
@testable import GridCore

/// Calendars and helpers shared by the Calendar*Tests files.
enum CalendarFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The shipped `Config/holidays/cn-2026.txt`, parsed (the tests check the shipped data).
    static let holidays2026: HolidaySchedule = {
        let text = try! String(contentsOfFile: repoRoot + "/Config/holidays/cn-2026.txt", encoding: .utf8)
        switch HolidaySchedule.parse(text, file: "cn-2026.txt") {
        case .success(let schedule): return schedule
        case .failure(let problems): fatalError("Config/holidays/cn-2026.txt: \(problems)")
        }
    }()

    /// Asia/Shanghai, 08:30–12:00 and 14:30–18:00, Saturday and Sunday, the 2026 holidays.
    static let shanghai = try! WorkingCalendar(holidays: holidays2026)

    /// Three calendars that differ where working-time arithmetic can go wrong: Shanghai with the
    /// 2026 holidays and 调休, Berlin across its DST changes, and night shifts every day in New York.
    static let varied = [
        shanghai,
        calendar("Europe/Berlin", office: "07:00-12:00, 13:00-16:00"),
        calendar("America/New_York", office: "00:00-02:30, 22:00-24:00", weekend: "none"),
    ]

    static func calendar(_ zone: String, office: String, weekend: String = "Sat Sun") -> WorkingCalendar {
        try! WorkingCalendar(
            timeZoneIdentifier: zone, officeHours: OfficeHours.parse(office).get(),
            weekend: WeekendDays.parse(weekend).get())
    }

    static func time(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Timestamp {
        guard let timestamp = Timestamp(rfc3339: text) else {
            XCTFail("bad RFC 3339 in test table: \(text)", file: file, line: line)
            return Timestamp(milliseconds: 0)
        }
        return timestamp
    }

    static func duration(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> PolicyDuration {
        switch PolicyDurationSyntax.parse(text) {
        case .success(let duration): return duration
        case .failure(let error):
            XCTFail("bad duration in test table: \(error)", file: file, line: line)
            return .calendar(0)
        }
    }
}

/// One row: from `start`, `duration` later is `deadline`.
struct DeadlineCase {
    var start: String
    var duration: String
    var deadline: String
    var why: String
    var line: UInt

    init(_ start: String, _ duration: String, _ deadline: String, _ why: String, line: UInt = #line) {
        self.start = start
        self.duration = duration
        self.deadline = deadline
        self.why = why
        self.line = line
    }
}

/// Checks each row: the deadline, and for working durations that the working time between the
/// start and the deadline is the duration (the `workingMilliseconds` round trip).
func checkDeadlines(_ cases: [DeadlineCase], on calendar: WorkingCalendar, offsetSeconds: (Timestamp) -> Int, file: StaticString = #filePath) {
    for row in cases {
        let start = CalendarFixtures.time(row.start, file: file, line: row.line)
        let expected = CalendarFixtures.time(row.deadline, file: file, line: row.line)
        let duration = CalendarFixtures.duration(row.duration, file: file, line: row.line)
        do {
            let got = try calendar.adding(duration, to: start)
            XCTAssertEqual(
                got, expected,
                "\(row.start) + \(row.duration) (\(row.why)): got \(got.rfc3339(utcOffsetSeconds: offsetSeconds(got)))",
                file: file, line: row.line)
            if duration.isWorkingTime {
                XCTAssertEqual(
                    calendar.workingMilliseconds(from: start, to: got), try calendar.workingLength(of: duration),
                    "working time from \(row.start) to its deadline (\(row.why))", file: file, line: row.line)
            }
        } catch {
            XCTFail("\(row.start) + \(row.duration): \(error)", file: file, line: row.line)
        }
    }
}

/// Deadlines in Asia/Shanghai with the default office hours (08:30–12:00, 14:30–18:00), the
/// Saturday–Sunday weekend and the shipped 2026 holidays. 2027 has no schedule loaded, so its
/// days are ordinary weekdays and weekends (2027-01-01 is a plain Friday here).
final class CalendarDeadlineTests: XCTestCase {
    static let shanghaiCases: [DeadlineCase] = [
        // Within a day (Tuesday 2026-03-10, an ordinary week).
        DeadlineCase("2026-03-10T09:00:00+08:00", "1wh", "2026-03-10T10:00:00+08:00", "within a morning"),
        DeadlineCase("2026-03-10T09:00:00+08:00", "1.5wh", "2026-03-10T10:30:00+08:00", "decimal working hours"),
        DeadlineCase("2026-03-10T09:00:00+08:00", "3wh", "2026-03-10T12:00:00+08:00", "lands exactly at 12:00: 12:00, not 14:30"),
        DeadlineCase("2026-03-10T09:00:00+08:00", "3wh1ws", "2026-03-10T14:30:01+08:00", "one second past the morning"),
        DeadlineCase("2026-03-10T11:00:00+08:00", "2wh", "2026-03-10T15:30:00+08:00", "across lunch"),
        DeadlineCase("2026-03-10T12:30:00+08:00", "1wh", "2026-03-10T15:30:00+08:00", "start during lunch"),
        DeadlineCase("2026-03-10T12:00:00+08:00", "1wh", "2026-03-10T15:30:00+08:00", "start exactly at 12:00 counts from 14:30"),
        DeadlineCase("2026-03-10T08:30:00+08:00", "1wh", "2026-03-10T09:30:00+08:00", "start exactly at 08:30"),
        DeadlineCase("2026-03-10T14:30:00+08:00", "3wh30wmin", "2026-03-10T18:00:00+08:00", "start 14:30, lands exactly at 18:00"),
        DeadlineCase("2026-03-10T07:00:00+08:00", "30wmin", "2026-03-10T09:00:00+08:00", "start before office hours"),
        DeadlineCase("2026-03-10T11:59:59.999+08:00", "1wms", "2026-03-10T12:00:00.000+08:00", "millisecond up to the boundary"),
        DeadlineCase("2026-03-10T11:59:59.999+08:00", "2wms", "2026-03-10T14:30:00.001+08:00", "millisecond across lunch"),
        // Overnight.
        DeadlineCase("2026-03-10T17:00:00+08:00", "2wh", "2026-03-11T09:30:00+08:00", "across the evening and night"),
        DeadlineCase("2026-03-10T18:00:00+08:00", "1ws", "2026-03-11T08:30:01+08:00", "start exactly at 18:00"),
        DeadlineCase("2026-03-10T23:00:00+08:00", "1wh", "2026-03-11T09:30:00+08:00", "start at night"),
        // Seconds, calendar against working time from the same start.
        DeadlineCase("2026-03-10T09:00:00+08:00", "90s", "2026-03-10T09:01:30+08:00", "calendar seconds"),
        DeadlineCase("2026-03-10T09:00:00+08:00", "1ws", "2026-03-10T09:00:01+08:00", "one working second"),
        DeadlineCase("2026-03-10T11:59:30+08:00", "90s", "2026-03-10T12:01:00+08:00", "calendar time ignores lunch"),
        DeadlineCase("2026-03-10T11:59:30+08:00", "90ws", "2026-03-10T14:31:00+08:00", "working time skips lunch"),
        DeadlineCase("2026-03-10T17:00:00+08:00", "2h", "2026-03-10T19:00:00+08:00", "calendar hours run into the evening"),
        DeadlineCase("2026-03-10T09:00:00+08:00", "30", "2026-03-10T09:00:30+08:00", "bare number is calendar seconds"),
        DeadlineCase("2026-03-10T10:00:00+08:00", "1w", "2026-03-17T10:00:00+08:00", "calendar week"),
        // Working days: n × 7 h of working time.
        DeadlineCase("2026-03-10T10:00:00+08:00", "1wd", "2026-03-11T10:00:00+08:00", "1wd from Tuesday 10:00"),
        DeadlineCase("2026-03-10T10:00:00+08:00", "5wd", "2026-03-17T10:00:00+08:00", "a working week"),
        DeadlineCase("2026-03-10T10:00:00+08:00", "10wd", "2026-03-24T10:00:00+08:00", "two working weeks"),
        DeadlineCase("2026-03-10T12:30:00+08:00", "1wd", "2026-03-11T12:00:00+08:00", "1wd from lunch: 14:30–18:00, then a morning to 12:00"),
        DeadlineCase("2026-03-10T07:00:00+08:00", "1wd", "2026-03-10T18:00:00+08:00", "1wd before office hours is that whole day"),
        // Weekends.
        DeadlineCase("2026-03-13T16:00:00+08:00", "4wh", "2026-03-16T10:30:00+08:00", "Friday → Monday"),
        DeadlineCase("2026-03-13T10:00:00+08:00", "1wd", "2026-03-16T10:00:00+08:00", "1wd from Friday is Monday"),
        DeadlineCase("2026-03-13T17:00:00+08:00", "1d", "2026-03-14T17:00:00+08:00", "1d from Friday is Saturday"),
        DeadlineCase("2026-03-14T10:00:00+08:00", "1wh", "2026-03-16T09:30:00+08:00", "start on a Saturday"),
        // Holidays after a weekend (Qingming 04-04..06; Labour Day 05-01..05 with make-up 05-09).
        DeadlineCase("2026-04-03T17:00:00+08:00", "2wh", "2026-04-07T09:30:00+08:00", "weekend into the Qingming holiday"),
        DeadlineCase("2026-04-30T17:00:00+08:00", "2wh", "2026-05-06T09:30:00+08:00", "Labour Day"),
        DeadlineCase("2026-04-30T10:00:00+08:00", "1wd", "2026-05-06T10:00:00+08:00", "1wd across Labour Day"),
        DeadlineCase("2026-05-08T17:00:00+08:00", "2wh", "2026-05-09T09:30:00+08:00", "make-up Saturday 05-09 is a working day"),
        DeadlineCase("2026-05-09T17:00:00+08:00", "2wh", "2026-05-11T09:30:00+08:00", "after the make-up Saturday, Sunday is off"),
        DeadlineCase("2026-06-18T17:00:00+08:00", "2wh", "2026-06-22T09:30:00+08:00", "Dragon Boat Festival"),
        // Spring Festival: off 02-15..02-23, make-up Saturdays 02-14 and 02-28.
        DeadlineCase("2026-02-13T17:00:00+08:00", "2wh", "2026-02-14T09:30:00+08:00", "make-up Saturday 02-14 counts"),
        DeadlineCase("2026-02-14T17:00:00+08:00", "2wh", "2026-02-24T09:30:00+08:00", "across the Spring Festival"),
        DeadlineCase("2026-02-13T10:00:00+08:00", "2wd", "2026-02-24T10:00:00+08:00", "2wd: Saturday 02-14, then 02-24"),
        DeadlineCase("2026-02-18T10:00:00+08:00", "1wh", "2026-02-24T09:30:00+08:00", "start on a holiday"),
        DeadlineCase("2026-02-18T10:00:00+08:00", "0wh", "2026-02-18T10:00:00+08:00", "zero duration is the start, even on a holiday"),
        DeadlineCase("2026-02-14T17:00:00+08:00", "2h", "2026-02-14T19:00:00+08:00", "calendar time ignores the festival"),
        DeadlineCase("2026-02-14T17:00:00+08:00", "3d", "2026-02-17T17:00:00+08:00", "calendar days run through the festival"),
        DeadlineCase("2026-02-27T17:00:00+08:00", "2wh", "2026-02-28T09:30:00+08:00", "make-up Saturday 02-28 counts"),
        DeadlineCase("2026-02-28T17:00:00+08:00", "2wh", "2026-03-02T09:30:00+08:00", "Sunday 03-01 is off again"),
        // Mid-Autumn (09-25..27) and National Day (10-01..07, make-up Sunday 09-20 and Saturday 10-10).
        DeadlineCase("2026-09-18T17:00:00+08:00", "2wh", "2026-09-20T09:30:00+08:00", "make-up Sunday 09-20 counts"),
        DeadlineCase("2026-09-19T10:00:00+08:00", "1wh", "2026-09-20T09:30:00+08:00", "start on the Saturday before a make-up Sunday"),
        DeadlineCase("2026-09-24T17:00:00+08:00", "2wh", "2026-09-28T09:30:00+08:00", "Mid-Autumn Festival"),
        DeadlineCase("2026-09-30T17:00:00+08:00", "2wh", "2026-10-08T09:30:00+08:00", "across National Day"),
        DeadlineCase("2026-09-30T10:00:00+08:00", "1wd", "2026-10-08T10:00:00+08:00", "1wd across National Day"),
        DeadlineCase("2026-10-01T00:00:00+08:00", "7wh", "2026-10-08T18:00:00+08:00", "a full day from a holiday midnight"),
        DeadlineCase("2026-10-09T17:00:00+08:00", "2wh", "2026-10-10T09:30:00+08:00", "make-up Saturday 10-10 counts"),
        // Year ends. No 2027 schedule is loaded: 2027-01-01 (a Friday) is an ordinary working day.
        DeadlineCase("2025-12-31T17:00:00+08:00", "2wh", "2026-01-04T09:30:00+08:00", "into New Year 2026, make-up Sunday 01-04"),
        DeadlineCase("2026-01-04T17:00:00+08:00", "2wh", "2026-01-05T09:30:00+08:00", "after the make-up Sunday"),
        DeadlineCase("2026-12-31T17:00:00+08:00", "2wh", "2027-01-01T09:30:00+08:00", "2026 → 2027"),
        DeadlineCase("2026-12-31T17:00:00+08:00", "2wd", "2027-01-04T17:00:00+08:00", "2wd across the year end and a weekend"),
        DeadlineCase("2027-01-01T17:00:00+08:00", "2wh", "2027-01-04T09:30:00+08:00", "first Friday of 2027 → Monday"),
        DeadlineCase("2026-12-31T20:00:00+08:00", "1d", "2027-01-01T20:00:00+08:00", "calendar day across the year end"),
    ]

    func testShanghaiDeadlines() {
        XCTAssertGreaterThanOrEqual(Self.shanghaiCases.count, 40)
        let calendar = CalendarFixtures.shanghai
        checkDeadlines(Self.shanghaiCases, on: calendar, offsetSeconds: calendar.utcOffsetSeconds(at:))
    }

    /// A few deadlines as UTC instants, independent of the offset-parsing helper.
    func testShanghaiDeadlinesInUTC() throws {
        let calendar = CalendarFixtures.shanghai
        let start = CalendarFixtures.time("2026-03-10T09:00:00Z")  // 17:00 in Shanghai
        XCTAssertEqual(try calendar.adding(.working(7_200_000), to: start).description, "2026-03-11T01:30:00.000Z")
        XCTAssertEqual(try calendar.adding(.calendar(7_200_000), to: start).description, "2026-03-10T11:00:00.000Z")
        XCTAssertEqual(calendar.utcOffsetSeconds(at: start), 8 * 3600)
    }

    struct FractionCase {
        var start: String, duration: String, fraction: Double, point: String, line: UInt
        init(_ start: String, _ duration: String, _ fraction: Double, _ point: String, line: UInt = #line) {
            (self.start, self.duration, self.fraction, self.point, self.line) = (start, duration, fraction, point, line)
        }
    }

    func testWarningPoints() throws {
        let cases = [
            FractionCase("2026-03-10T09:00:00+08:00", "5wh", 0.8, "2026-03-10T15:30:00+08:00"),
            FractionCase("2026-03-10T09:00:00+08:00", "5wh", 0.5, "2026-03-10T11:30:00+08:00"),
            FractionCase("2026-03-10T17:00:00+08:00", "2wh", 0.5, "2026-03-10T18:00:00+08:00"),
            FractionCase("2026-03-13T10:00:00+08:00", "2wd", 0.5, "2026-03-16T10:00:00+08:00"),
            FractionCase("2026-03-13T10:00:00+08:00", "2wd", 0.8, "2026-03-16T16:42:00+08:00"),
            FractionCase("2026-02-13T17:00:00+08:00", "4wh", 0.5, "2026-02-14T09:30:00+08:00"),
            FractionCase("2026-03-10T09:00:00+08:00", "2h", 0.5, "2026-03-10T10:00:00+08:00"),
            FractionCase("2026-03-10T11:00:00+08:00", "4h", 0.8, "2026-03-10T14:12:00+08:00"),
            FractionCase("2026-03-10T09:00:00+08:00", "1ws", 0.5, "2026-03-10T09:00:00.500+08:00"),
            FractionCase("2026-03-10T12:30:00+08:00", "2wh", 0, "2026-03-10T12:30:00+08:00"),
            FractionCase("2026-03-10T12:30:00+08:00", "2wh", 1, "2026-03-10T16:30:00+08:00"),
            FractionCase("2026-03-10T12:30:00+08:00", "2wh", 1.5, "2026-03-10T16:30:00+08:00"),
        ]
        let calendar = CalendarFixtures.shanghai
        for row in cases {
            let start = CalendarFixtures.time(row.start, line: row.line)
            let duration = CalendarFixtures.duration(row.duration, line: row.line)
            let point = try calendar.point(row.fraction, of: duration, from: start)
            XCTAssertEqual(point, CalendarFixtures.time(row.point, line: row.line), "\(row.fraction) of \(row.duration)", line: row.line)
            if row.fraction >= 1 {
                XCTAssertEqual(point, try calendar.adding(duration, to: start), line: row.line)
            }
        }
    }

    func testWorkingMillisecondsBetweenInstants() {
        let calendar = CalendarFixtures.shanghai
        func working(_ from: String, _ to: String) -> Int64 {
            calendar.workingMilliseconds(from: CalendarFixtures.time(from), to: CalendarFixtures.time(to))
        }
        XCTAssertEqual(working("2026-03-10T11:00:00+08:00", "2026-03-10T15:00:00+08:00"), 90 * 60_000)
        XCTAssertEqual(working("2026-03-13T17:00:00+08:00", "2026-03-16T09:00:00+08:00"), 90 * 60_000)
        XCTAssertEqual(working("2026-02-14T00:00:00+08:00", "2026-02-25T00:00:00+08:00"), 2 * 7 * 3_600_000)
        XCTAssertEqual(working("2026-10-01T00:00:00+08:00", "2026-10-08T00:00:00+08:00"), 0)
        XCTAssertEqual(working("2026-03-10T15:00:00+08:00", "2026-03-10T11:00:00+08:00"), -90 * 60_000)
        XCTAssertEqual(working("2026-03-10T12:00:00+08:00", "2026-03-10T12:00:00+08:00"), 0)
        // 2026: 365 days − 104 weekend days − 19 holidays on weekdays + 6 make-up weekend days = 248.
        let workingDays2026 = (0..<365).filter { calendar.isWorkingDay(CivilDate(daysSinceEpoch: CivilDate(year: 2026, month: 1, day: 1).daysSinceEpoch + Int64($0))) }.count
        XCTAssertEqual(workingDays2026, 248)
        XCTAssertEqual(working("2026-01-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00"), Int64(workingDays2026) * 7 * 3_600_000)
    }

    func testWorkingDaysOfTheShippedSchedule() {
        let calendar = CalendarFixtures.shanghai
        let expectations: [(String, Bool)] = [
            ("2026-01-01", false), ("2026-01-04", true), ("2026-02-13", true), ("2026-02-14", true),
            ("2026-02-15", false), ("2026-02-23", false), ("2026-02-24", true), ("2026-02-28", true),
            ("2026-03-01", false), ("2026-09-20", true), ("2026-10-07", false), ("2026-10-10", true),
            ("2026-10-11", false), ("2027-01-01", true), ("2027-01-02", false),
        ]
        for (date, working) in expectations {
            XCTAssertEqual(calendar.isWorkingDay(CivilDate(iso: date)!), working, date)
        }
        XCTAssertTrue(calendar.workingIntervals(on: CivilDate(iso: "2026-02-18")!).isEmpty)
        let intervals = calendar.workingIntervals(on: CivilDate(iso: "2026-02-14")!)
        XCTAssertEqual(intervals.map { $0.start.description }, ["2026-02-14T00:30:00.000Z", "2026-02-14T06:30:00.000Z"])
        XCTAssertEqual(intervals.map { $0.end.description }, ["2026-02-14T04:00:00.000Z", "2026-02-14T10:00:00.000Z"])
        XCTAssertTrue(calendar.isWithinOfficeHours(CalendarFixtures.time("2026-03-10T08:30:00+08:00")))
        XCTAssertFalse(calendar.isWithinOfficeHours(CalendarFixtures.time("2026-03-10T12:00:00+08:00")))
        XCTAssertFalse(calendar.isWithinOfficeHours(CalendarFixtures.time("2026-02-18T10:00:00+08:00")))
    }

    func testCalendarWithoutWorkingTimeFailsInsteadOfLooping() throws {
        // Weekend Monday–Saturday, and every Sunday of 2026–2036 a holiday: no working day at all.
        var lines: [String] = []
        var day = CivilDate(year: 2026, month: 1, day: 4).daysSinceEpoch
        while day < CivilDate(year: 2037, month: 1, day: 1).daysSinceEpoch {
            lines.append("off \(CivilDate(daysSinceEpoch: day))")
            day += 7
        }
        let sundays = try HolidaySchedule.parse(lines.joined(separator: "\n"), file: "sundays.txt").get()
        let calendar = try WorkingCalendar(weekend: WeekendDays([1, 2, 3, 4, 5, 6]), holidays: sundays)
        let start = CalendarFixtures.time("2026-03-10T09:00:00+08:00")
        XCTAssertThrowsError(try calendar.adding(.working(1000), to: start)) { error in
            guard case DeadlineError.noWorkingTime = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try calendar.adding(.working(0), to: start), start)
        XCTAssertEqual(try calendar.adding(.calendar(1000), to: start), start.adding(milliseconds: 1000))
    }

    func testHorizonAndInvalidDurations() {
        let calendar = CalendarFixtures.shanghai
        let start = CalendarFixtures.time("2026-03-10T09:00:00+08:00")
        XCTAssertThrowsError(try calendar.adding(.workingDays(3000), to: start)) { error in
            guard case DeadlineError.beyondHorizon = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try calendar.adding(.working(-1), to: start))
        XCTAssertThrowsError(try calendar.adding(.calendar(-1), to: start))
        XCTAssertThrowsError(try calendar.adding(.workingDays(Int64.max / 1000), to: start))
        XCTAssertThrowsError(try calendar.point(0.5, of: .working(-1), from: start))
    }
}
