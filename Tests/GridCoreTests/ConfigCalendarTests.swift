import XCTest
@testable import GridCore

/// `[Calendar]`: the keys, and building the working calendar from the holiday files.
final class ConfigCalendarTests: XCTestCase, ConfigSnippetTesting {
    /// Lines 1–9; calendar text starts at line 10.
    static let base = """
        [Grid]
        Map=grid.geojson
        FallbackUnit=320500
        [Category 0102]
        Name=暴露垃圾
        Major=市容环境
        [Policy]
        Ack=2wh
        Resolve=2wd
        """

    func settings(_ text: String, path: String = "Config/gridd.conf", file: StaticString = #filePath, line: UInt = #line) -> CalendarSettings? {
        config(text, path: path, workingDirectory: "/srv/gridd", file: file, line: line)?.calendar
    }

    // MARK: - keys

    func testDefaultsWithoutACalendarSection() throws {
        let calendar = try XCTUnwrap(settings(""))
        XCTAssertEqual(calendar.timeZoneIdentifier, "Asia/Shanghai")
        XCTAssertEqual(calendar.officeHours, .standard)
        XCTAssertEqual(calendar.weekend, .saturdaySunday)
        XCTAssertEqual(calendar.holidayFiles, [])
        XCTAssertEqual(calendar.sourcePath, "Config/gridd.conf")
        XCTAssertEqual(calendar, CalendarSettings(sourcePath: "Config/gridd.conf"))
    }

    func testEveryKey() throws {
        let calendar = try XCTUnwrap(settings("""
            [Calendar]
            TimeZone=Europe/Berlin
            OfficeHours=09:00-12:00, 13:00-17:30
            Weekend=Sun
            Holidays=holidays/cn-2026.txt
            Holidays=../shared/cn-2027.txt
            Holidays=/etc/gridd/extra.txt
            """))
        XCTAssertEqual(calendar.timeZoneIdentifier, "Europe/Berlin")
        XCTAssertEqual(calendar.timeZoneLine, 11)
        XCTAssertEqual(calendar.sectionLine, 10)
        XCTAssertEqual(calendar.officeHours.description, "09:00-12:00, 13:00-17:30")
        XCTAssertEqual(calendar.officeHours.dayMilliseconds, 27_000_000)
        XCTAssertEqual(calendar.weekend, try WeekendDays([7]))
        XCTAssertEqual(calendar.holidayFiles, [
            .init(path: "/srv/gridd/Config/holidays/cn-2026.txt", displayPath: "Config/holidays/cn-2026.txt", line: 14),
            .init(path: "/srv/gridd/shared/cn-2027.txt", displayPath: "Config/../shared/cn-2027.txt", line: 15),
            .init(path: "/etc/gridd/extra.txt", displayPath: "/etc/gridd/extra.txt", line: 16),
        ])
        // Paths shown for a config named without a directory, or absolutely.
        XCTAssertEqual(settings("[Calendar]\nHolidays=h.txt", path: "gridd.conf")?.holidayFiles,
                       [.init(path: "/srv/gridd/h.txt", displayPath: "h.txt", line: 11)])
        XCTAssertEqual(settings("[Calendar]\nHolidays=h.txt", path: "/etc/gridd/gridd.conf")?.holidayFiles,
                       [.init(path: "/etc/gridd/h.txt", displayPath: "/etc/gridd/h.txt", line: 11)])
    }

    func testEmptyValuesResetAndWeekendNone() throws {
        let calendar = try XCTUnwrap(settings("""
            [Calendar]
            TimeZone=Europe/Berlin
            TimeZone=
            OfficeHours=09:00-17:00
            OfficeHours=
            Weekend=Fri
            Weekend=
            Holidays=a.txt
            Holidays=
            Holidays=b.txt
            """))
        XCTAssertEqual(calendar.timeZoneIdentifier, "Asia/Shanghai")
        XCTAssertEqual(calendar.officeHours, .standard)
        XCTAssertEqual(calendar.weekend, .saturdaySunday)
        XCTAssertEqual(calendar.holidayFiles.map(\.displayPath), ["Config/b.txt"])
        XCTAssertEqual(settings("[Calendar]\nWeekend=none")?.weekend, WeekendDays.none)
        XCTAssertEqual(settings("[Calendar]\nWeekend=周六 周日")?.weekend, .saturdaySunday)
    }

    func testDiagnostics() {
        XCTAssertEqual(problems("""
            [Calendar]
            TimeZone=Mars/Olympus_Mons
            OfficeHours=08:30-12:00, 12:00-18:00
            OfficeHours=9-17
            Weekend=Sat Sundy
            Weekend=1 2 3 4 5 6 7
            Holidays=h/cn-2026.txt
            Holidays=./h/cn-2026.txt
            Holday=x.txt
            Ack=1h
            [Calendar extra]
            """), [
            "c.conf:11: TimeZone=Mars/Olympus_Mons: unknown time zone \"Mars/Olympus_Mons\"; expected an IANA identifier such as Asia/Shanghai or Europe/Berlin",
            "c.conf:12: OfficeHours=08:30-12:00, 12:00-18:00: office hours \"08:30-12:00, 12:00-18:00\": office hours 08:30-12:00 and 12:00-18:00 touch; write them as one interval 08:30-18:00",
            "c.conf:13: OfficeHours=9-17: office hours \"9-17\": invalid interval \"9-17\"; expected intervals such as 08:30-12:00, 14:30-18:00",
            "c.conf:14: Weekend=Sat Sundy: weekend \"Sat Sundy\": unknown day \"Sundy\" (did you mean Sunday?); expected day names such as Sat Sun, or ISO numbers 1 (Monday) to 7 (Sunday)",
            "c.conf:15: Weekend=1 2 3 4 5 6 7: weekend \"1 2 3 4 5 6 7\": a weekend of all seven days leaves no working days",
            "c.conf:17: Holidays=./h/cn-2026.txt: this holiday file is already listed on line 16",
            "c.conf:18: unknown key Holday= in [Calendar]; did you mean Holidays=?",
            "c.conf:19: unknown key Ack= in [Calendar]; it belongs in [Policy]",
            "c.conf:20: [Calendar] takes no argument (found \"extra\"); write [Calendar]",
        ])
    }

    // MARK: - the working calendar

    static let file2026 = """
        # 2026
        off  2026-10-01 .. 2026-10-07
        work 2026-10-10
        """

    func testMakeCalendarFromHolidayTexts() throws {
        let settings = try XCTUnwrap(settings("[Calendar]\nHolidays=holidays/a.txt\nHolidays=holidays/b.txt"))
        let calendar = try settings.makeCalendar(holidayFiles: [
            ("/srv/gridd/Config/holidays/a.txt", Self.file2026),
            ("/srv/gridd/Config/holidays/b.txt", "off 2027-01-01"),
        ]).get()
        XCTAssertEqual(calendar.timeZoneIdentifier, "Asia/Shanghai")
        XCTAssertEqual(calendar.officeHours, .standard)
        XCTAssertFalse(calendar.isWorkingDay(CivilDate(year: 2026, month: 10, day: 5)))
        XCTAssertTrue(calendar.isWorkingDay(CivilDate(year: 2026, month: 10, day: 10)), "a make-up Saturday")
        XCTAssertFalse(calendar.isWorkingDay(CivilDate(year: 2027, month: 1, day: 1)))
        XCTAssertTrue(calendar.isWorkingDay(CivilDate(year: 2026, month: 10, day: 14)))
        XCTAssertEqual(calendar.holidays.years, [2026, 2027])
        // The holiday entries remember the file as shown to the operator.
        XCTAssertEqual(calendar.holidays.entries[CivilDate(year: 2026, month: 10, day: 10)]?.file, "Config/holidays/a.txt")

        // No holiday files: only weekends.
        let plain = try CalendarSettings().makeCalendar(holidayFiles: []).get()
        XCTAssertEqual(plain, try WorkingCalendar())
    }

    func testMakeCalendarDiagnostics() throws {
        let settings = try XCTUnwrap(settings("[Calendar]\nHolidays=holidays/a.txt\nHolidays=holidays/b.txt\nHolidays=holidays/c.txt"))
        guard case .failure(let problems) = settings.makeCalendar(holidayFiles: [
            ("/srv/gridd/Config/holidays/a.txt", Self.file2026 + "\nof 2026-12-31\n"),
            ("/srv/gridd/Config/holidays/b.txt", "off 2027-01-01\nwork 2027-02-30"),
        ]) else { return XCTFail("should fail") }
        XCTAssertEqual(problems.diagnostics.map(\.description), [
            "Config/gridd.conf:13: Holidays=Config/holidays/c.txt: the holiday file was not read",
            "Config/holidays/a.txt:4: unknown directive \"of\" (did you mean off?); expected off YYYY-MM-DD, off YYYY-MM-DD .. YYYY-MM-DD or work YYYY-MM-DD",
            "Config/holidays/b.txt:2: invalid date \"2027-02-30\"; expected YYYY-MM-DD, a real calendar date",
        ])

        // A date listed in two files: at the later file's line.
        let two = try XCTUnwrap(self.settings("[Calendar]\nHolidays=holidays/a.txt\nHolidays=holidays/b.txt"))
        guard case .failure(let duplicates) = two.makeCalendar(holidayFiles: [
            ("/srv/gridd/Config/holidays/a.txt", Self.file2026),
            ("/srv/gridd/Config/holidays/b.txt", "off 2027-01-01\nwork 2026-10-10\noff 2026-10-06 .. 2026-10-08"),
        ]) else { return XCTFail("should fail") }
        XCTAssertEqual(duplicates.diagnostics.map(\.description), [
            "Config/holidays/b.txt:2: 2026-10-10 already listed as work at Config/holidays/a.txt:3",
            "Config/holidays/b.txt:3: 2026-10-06 (and 1 more dates of this line) already listed as off at Config/holidays/a.txt:2",
        ])

        let badZone = CalendarSettings(timeZoneIdentifier: "Nowhere/Zone", sourcePath: "c.conf", timeZoneLine: 4)
        guard case .failure(let zone) = badZone.makeCalendar(holidayFiles: []) else { return XCTFail("should fail") }
        XCTAssertEqual(zone.diagnostics.map(\.description), [
            "c.conf:4: TimeZone=Nowhere/Zone: unknown time zone \"Nowhere/Zone\"; expected an IANA identifier such as Asia/Shanghai or Europe/Berlin"
        ])

        XCTAssertEqual(settings.unreadableHolidayFile(settings.holidayFiles[1], reason: "No such file or directory").description,
                       "Config/gridd.conf:12: Holidays=Config/holidays/b.txt: cannot read the holiday file: No such file or directory")
    }

    func testWarnings() throws {
        let settings = try XCTUnwrap(settings("[Calendar]\nHolidays=holidays/a.txt"))
        let calendar = try settings.makeCalendar(holidayFiles: [
            ("/srv/gridd/Config/holidays/a.txt", Self.file2026 + "\nwork 2026-10-14\n")
        ]).get()
        XCTAssertEqual(settings.calendarWarnings(calendar, calendarYearNow: 2026).map(\.description), [
            "Config/holidays/a.txt:4: warning: work 2026-10-14: 2026-10-14 is a Wednesday, already a working day (weekend: Sat Sun); a make-up workday falls on a weekend day",
            "Config/gridd.conf:11: warning: the holiday files list no dates in 2027; only weekends are days off in 2027 until its holiday file (e.g. holidays/cn-2027.txt) is added to [Calendar] Holidays=",
        ])
        XCTAssertEqual(settings.calendarWarnings(calendar, years: [2026]).count, 1)

        // By the clock: the next year only from December on (local time).
        let june = calendar.instant(on: CivilDate(year: 2026, month: 6, day: 1), secondsSinceMidnight: 0)
        XCTAssertEqual(settings.calendarWarnings(calendar, now: june).count, 1)
        let december = calendar.instant(on: CivilDate(year: 2026, month: 12, day: 1), secondsSinceMidnight: 0)
        XCTAssertEqual(settings.calendarWarnings(calendar, now: december).count, 2)

        // No holiday files at all: at the [Calendar] header, or the whole file without one.
        let none = CalendarSettings(sourcePath: "c.conf", sectionLine: 20)
        XCTAssertEqual(none.calendarWarnings(try WorkingCalendar(), years: [2026]).map(\.description), [
            "c.conf:20: warning: no Holidays= files are configured; only weekends are days off in 2026 until its holiday file (e.g. holidays/cn-2026.txt) is added to [Calendar] Holidays="
        ])
        XCTAssertEqual(CalendarSettings(sourcePath: "c.conf").calendarWarnings(try WorkingCalendar(), years: [2026]).first?.line, 0)
    }
}
