import XCTest
@testable import GridCore

/// The calendar's text formats: holiday files, office hours, weekend days, policy durations.
final class CalendarParserTests: XCTestCase {
    // MARK: Holiday files

    func testShippedHolidayFile() {
        let schedule = CalendarFixtures.holidays2026
        XCTAssertEqual(schedule.offDays.count, 3 + 9 + 3 + 5 + 3 + 3 + 7)
        XCTAssertEqual(
            schedule.workDays.sorted().map(\.description),
            ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
        XCTAssertEqual(schedule.years, [2026])
        XCTAssertEqual(schedule.makeUpWorkdayProblems(weekend: .saturdaySunday), [])
        XCTAssertEqual(schedule.entries[CivilDate(iso: "2026-02-14")!], .init(kind: .work, file: "cn-2026.txt", line: 9))
        XCTAssertEqual(schedule.entries[CivilDate(iso: "2026-02-20")!]?.line, 8)
    }

    func testHolidayFileDiagnosticsWithLines() {
        let text = """
            # test calendar
            off  2026-02-15 .. 2026-02-23
            holiday 2026-03-02
            off 2026-02-30
            off 2026-03-05 .. 2026-03-01
            work 2026-02-16
            off 2026-02-20
            off
            off 2026-01-01 .. 2026-12-31
            wrok 2026-02-14
            off 2026-05-01 2026-05-05
            work 2026-02-14   # a make-up Saturday, trailing comment
            off 2026-10-01..2026-10-07
            off 2026-02-22 .. 2026-02-25
            """
        guard case .failure(let problems) = HolidaySchedule.parse(text, file: "h.txt") else { return XCTFail("expected diagnostics") }
        XCTAssertEqual(problems.diagnostics.map(\.description), [
            "h.txt:3: unknown directive \"holiday\"; expected off YYYY-MM-DD, off YYYY-MM-DD .. YYYY-MM-DD or work YYYY-MM-DD",
            "h.txt:4: invalid date \"2026-02-30\"; expected YYYY-MM-DD, a real calendar date",
            "h.txt:5: range 2026-03-05 .. 2026-03-01 ends before it starts",
            "h.txt:6: 2026-02-16 listed as off on line 2 and as work here; a date is either a holiday (off) or a make-up workday (work)",
            "h.txt:7: 2026-02-20 already listed as off on line 2",
            "h.txt:8: off without a date; expected off YYYY-MM-DD, off YYYY-MM-DD .. YYYY-MM-DD or work YYYY-MM-DD",
            "h.txt:9: range 2026-01-01 .. 2026-12-31 is 365 days long; a range lists at most 31 days (a typo in the year?)",
            "h.txt:10: unknown directive \"wrok\" (did you mean work?); expected off YYYY-MM-DD, off YYYY-MM-DD .. YYYY-MM-DD or work YYYY-MM-DD",
            "h.txt:11: malformed off line; expected off YYYY-MM-DD, off YYYY-MM-DD .. YYYY-MM-DD or work YYYY-MM-DD",
            "h.txt:14: 2026-02-22 (and 1 more dates of this line) already listed as off on line 2",
        ])
    }

    func testHolidayFileAcceptsCRLFAndBOMAndRejectsEmptyFiles() throws {
        let schedule = try HolidaySchedule.parse("\u{FEFF}# x\r\noff 2026-10-01 .. 2026-10-02\r\nwork 2026-10-10\r\n", file: "w.txt").get()
        XCTAssertEqual(schedule.offDays.count, 2)
        XCTAssertEqual(schedule.kind(of: CivilDate(iso: "2026-10-10")!), .work)
        guard case .failure(let problems) = HolidaySchedule.parse("# only comments\n\n", file: "e.txt") else { return XCTFail() }
        XCTAssertEqual(problems.description, "e.txt: no dates listed; expected lines such as off 2026-10-01 .. 2026-10-07 or work 2026-10-10")
    }

    func testMergingYearsAndConflicts() throws {
        // A fictional far-future year, so no real schedule is invented.
        let future = try HolidaySchedule.parse("off 2099-01-01\nwork 2099-01-03\n", file: "cn-2099.txt").get()
        let merged = try HolidaySchedule.merging([CalendarFixtures.holidays2026, future]).get()
        XCTAssertEqual(merged.years, [2026, 2099])
        XCTAssertEqual(merged.offDays.count, CalendarFixtures.holidays2026.offDays.count + 1)
        let clash = try HolidaySchedule.parse("# clash\nwork 2026-10-01\noff 2026-10-10\n", file: "extra.txt").get()
        guard case .failure(let problems) = HolidaySchedule.merging([CalendarFixtures.holidays2026, clash]) else { return XCTFail() }
        XCTAssertEqual(problems.diagnostics.map(\.description), [
            "extra.txt:2: 2026-10-01 listed as off at cn-2026.txt:21 and as work here; a date is either a holiday (off) or a make-up workday (work)",
            "extra.txt:3: 2026-10-10 listed as work at cn-2026.txt:23 and as off here; a date is either a holiday (off) or a make-up workday (work)",
        ])
        let again = try HolidaySchedule.parse("off 2026-05-01 .. 2026-05-02\n", file: "again.txt").get()
        guard case .failure(let duplicate) = HolidaySchedule.merging([CalendarFixtures.holidays2026, again]) else { return XCTFail() }
        XCTAssertEqual(duplicate.description, "again.txt:1: 2026-05-01 (and 1 more dates of this line) already listed as off at cn-2026.txt:14")
    }

    func testMakeUpWorkdayOnAWeekdayIsDiagnosed() throws {
        let schedule = try HolidaySchedule.parse("# x\nwork 2026-03-10\nwork 2026-03-14\n", file: "m.txt").get()
        XCTAssertEqual(schedule.makeUpWorkdayProblems(weekend: .saturdaySunday).map(\.description), [
            "m.txt:2: work 2026-03-10: 2026-03-10 is a Tuesday, already a working day (weekend: Sat Sun); a make-up workday falls on a weekend day"
        ])
        XCTAssertEqual(schedule.makeUpWorkdayProblems(weekend: try WeekendDays([2])).map(\.line), [3])
    }

    // MARK: Office hours

    func testOfficeHoursParse() throws {
        let valid: [(String, String, Int64)] = [
            ("08:30-12:00, 14:30-18:00", "08:30-12:00, 14:30-18:00", 7 * 3_600_000),
            ("8:30-12:00 14:30-18:00", "08:30-12:00, 14:30-18:00", 7 * 3_600_000),
            ("08:00 - 16:00", "08:00-16:00", 8 * 3_600_000),
            ("08:00–16:00", "08:00-16:00", 8 * 3_600_000),
            ("00:00-24:00", "00:00-24:00", 24 * 3_600_000),
            ("09:00:30-12:00,13:00-17:30", "09:00:30-12:00, 13:00-17:30", 7 * 3_600_000 + 1_800_000 - 30_000),
        ]
        for (text, normalized, length) in valid {
            let hours = try OfficeHours.parse(text).get()
            XCTAssertEqual(hours.description, normalized, text)
            XCTAssertEqual(hours.dayMilliseconds, length, text)
        }
        XCTAssertEqual(try OfficeHours.parse("08:30-12:00, 14:30-18:00").get(), OfficeHours.standard)
        let invalid: [(String, String)] = [
            ("", "office hours are empty"),
            ("12:00-08:30", "end before they start"),
            ("08:30-12:30, 12:00-18:00", "08:30-12:30 and 12:00-18:00 overlap"),
            ("14:30-18:00, 08:30-12:00", "list the intervals in the order of the day"),
            ("08:30-12:00, 12:00-18:00", "touch; write them as one interval 08:30-18:00"),
            ("25:00-26:00", "invalid interval \"25:00-26:00\""),
            ("08:30", "invalid interval \"08:30\""),
            ("08:30-24:30", "invalid interval"),
            ("24:00-24:00", "invalid interval"),
            ("08:3-12:00", "invalid interval"),
            ("08:30-12:00-13:00", "invalid interval"),
        ]
        for (text, fragment) in invalid {
            switch OfficeHours.parse(text) {
            case .success(let hours): XCTFail("\(text) parsed as \(hours)")
            case .failure(let error): XCTAssertTrue(error.message.contains(fragment), "\(text): \(error.message)")
            }
        }
    }

    // MARK: Weekend

    func testWeekendParse() throws {
        let valid: [(String, Set<Int>)] = [
            ("Sat Sun", [6, 7]), ("Saturday,Sunday", [6, 7]), ("6 7", [6, 7]), ("sat, SUN", [6, 7]),
            ("周六 周日", [6, 7]), ("星期六、星期天", [6, 7]), ("Fri", [5]), ("none", []), ("", []),
        ]
        for (text, days) in valid {
            XCTAssertEqual(try WeekendDays.parse(text).get().days, days, text)
        }
        XCTAssertEqual(WeekendDays.saturdaySunday.description, "Sat Sun")
        let invalid: [(String, String)] = [
            ("Sat Sat", "Saturday is given twice"),
            ("8", "unknown day \"8\""),
            ("0", "unknown day \"0\""),
            ("Satur", "unknown day \"Satur\""),
            ("Sundy", "did you mean Sunday?"),
            ("1 2 3 4 5 6 7", "leaves no working days"),
        ]
        for (text, fragment) in invalid {
            switch WeekendDays.parse(text) {
            case .success(let weekend): XCTFail("\(text) parsed as \(weekend)")
            case .failure(let error): XCTAssertTrue(error.message.contains(fragment), "\(text): \(error.message)")
            }
        }
        XCTAssertThrowsError(try WeekendDays([0]))
    }

    // MARK: Policy durations

    func testPolicyDurationSyntax() {
        let valid: [(String, PolicyDuration)] = [
            ("2h30min", .calendar(9_000_000)), ("90s", .calendar(90_000)), ("30", .calendar(30_000)),
            ("0", .calendar(0)), ("500ms", .calendar(500)), ("1d", .calendar(86_400_000)),
            ("1wh30wmin", .working(5_400_000)), ("1ws", .working(1000)), ("1.5wh", .working(5_400_000)),
            ("2wmin 30ws", .working(150_000)), ("7wms", .working(7)), ("0wh", .working(0)),
            ("3wd", .workingDays(3)), ("0wd", .workingDays(0)),
        ]
        for (text, expected) in valid {
            XCTAssertEqual(try PolicyDurationSyntax.parse(text).get(), expected, text)
            // The description parses back to the same duration.
            XCTAssertEqual(try PolicyDurationSyntax.parse(expected.description).get(), expected, expected.description)
        }
        XCTAssertEqual(PolicyDuration.working(5_400_000).description, "1wh30wmin")
        XCTAssertEqual(PolicyDuration.workingDays(2).description, "2wd")
        let invalid: [(String, String)] = [
            ("1h2wh", "mixes calendar units"),
            ("0h2wh", "mixes calendar units"),
            ("90s 1ws", "mixes calendar units"),
            ("1wd4wh", "mixes working days (wd) with working hours"),
            ("1.5wd", "not a whole number of wd"),
            ("1.0001ws", "not a whole number of wms"),
            ("2xh", "unknown unit \"xh\""),
            ("2wk", "unknown unit \"wk\""),
            ("-1wh", "negative duration"),
            ("", "empty duration"),
            ("1wh1wh", "unit wh given twice"),
            ("1wh 30", "missing unit"),
        ]
        for (text, fragment) in invalid {
            switch PolicyDurationSyntax.parse(text) {
            case .success(let duration): XCTFail("\(text) parsed as \(duration)")
            case .failure(let error): XCTAssertTrue(error.message.contains(fragment), "\(text): \(error.message)")
            }
        }
    }
}
