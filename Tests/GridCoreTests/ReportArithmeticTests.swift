import XCTest

@testable import GridCore

/// The arithmetic under the reports: nearest-rank percentiles, and the working-time index that
/// must agree with `WorkingCalendar.workingMilliseconds` to the millisecond.
final class ReportArithmeticTests: XCTestCase {
    func testNearestRankPercentiles() {
        XCTAssertNil(Percentile.nearestRank([], percent: 50))
        XCTAssertEqual(Percentile.nearestRank([7], percent: 50), 7)
        XCTAssertEqual(Percentile.nearestRank([7], percent: 90), 7)
        // The median of an even count is the lower middle value; never an interpolation.
        XCTAssertEqual(Percentile.medianAndP90([4, 1, 3, 2]).median, 2)
        XCTAssertEqual(Percentile.medianAndP90([4, 1, 3, 2]).p90, 4)
        // p90 of 10 values is the 9th, of 30 values the 27th (integer ranks: no 0.9 × 30 = 27.000…04).
        XCTAssertEqual(Percentile.nearestRank(Array(1...10), percent: 90), 9)
        XCTAssertEqual(Percentile.nearestRank(Array(1...30), percent: 90), 27)
        XCTAssertEqual(Percentile.nearestRank(Array(1...11), percent: 90), 10)
        XCTAssertEqual(Percentile.nearestRank(Array(1...5), percent: 50), 3)
    }

    func testSelectionGivesWhatSortingGives() {
        var random = CalendarPropertyTests.SeededGenerator(state: 90)
        for count in [1, 2, 3, 10, 11, 99, 1000, 4096] {
            for spread in [Int64(3), 1_000_000] {  // many ties, and few
                let values = (0..<count).map { _ in Int64.random(in: 0..<spread, using: &random) }
                let sorted = values.sorted()
                let selected = Percentile.medianAndP90(values)
                XCTAssertEqual(selected.median, Percentile.nearestRank(sorted, percent: 50), "count \(count) spread \(spread)")
                XCTAssertEqual(selected.p90, Percentile.nearestRank(sorted, percent: 90), "count \(count) spread \(spread)")
            }
        }
        XCTAssertEqual(Percentile.medianAndP90(Array(repeating: 5, count: 1000)).p90, 5)
        XCTAssertEqual(Percentile.medianAndP90(Array((1...100_000).reversed())).median, 50_000)
        XCTAssertTrue(Percentile.medianAndP90([]) == (nil, nil))
    }

    func testWorkingTimeIndexAgreesWithTheCalendar() throws {
        var random = CalendarPropertyTests.SeededGenerator(state: 20_260_601)
        for calendar in CalendarFixtures.varied {
            let from = CalendarFixtures.time("2026-03-01T00:00:00Z"), to = CalendarFixtures.time("2026-11-30T00:00:00Z")
            let index = WorkingTimeIndex(calendar: calendar, from: from.adding(milliseconds: 40 * 86_400_000), to: to)
            for _ in 0..<3000 {
                // Some pairs fall outside the indexed span, to exercise the fallback.
                var a = Int64.random(in: from.milliseconds...to.milliseconds, using: &random)
                var b = Int64.random(in: from.milliseconds...to.milliseconds, using: &random)
                if Bool.random(using: &random) { a -= a % 1_800_000 }
                if Bool.random(using: &random) { b = a + Int64.random(in: 0...(5 * 86_400_000), using: &random) }
                let start = Timestamp(milliseconds: a), end = Timestamp(milliseconds: b)
                XCTAssertEqual(
                    index.workingMilliseconds(from: start, to: end), calendar.workingMilliseconds(from: start, to: end),
                    "\(calendar.timeZoneIdentifier) \(start) → \(end)")
            }
        }
    }

    func testWorkingTimeOverAHolidayAndAMakeUpWorkday() {
        // 2026: 1–7 October are holidays (国庆), Saturday 10 October is a make-up workday (调休).
        let calendar = CalendarFixtures.shanghai
        let index = WorkingTimeIndex(calendar: calendar, from: CalendarFixtures.time("2026-09-01T00:00:00+08:00"), to: CalendarFixtures.time("2026-10-31T00:00:00+08:00"))
        let start = CalendarFixtures.time("2026-09-30T17:00:00+08:00"), end = CalendarFixtures.time("2026-10-10T09:30:00+08:00")
        // 1 h on 30 September, nothing on 1–7 October, 7 h on each of 8 and 9 October, and
        // 08:30–09:30 on the make-up Saturday: 16 h.
        XCTAssertEqual(index.workingMilliseconds(from: start, to: end), 16 * 3_600_000)
        XCTAssertEqual(calendar.workingMilliseconds(from: start, to: end), 16 * 3_600_000)
        XCTAssertEqual(index.workingMilliseconds(from: end, to: start), -16 * 3_600_000)
    }
}
