import XCTest

@testable import GridCore

/// `WorkingTimeIndex.adding` — the binary search intake's deadlines take inside the indexed
/// range — against the day-by-day walk of `WorkingCalendar.adding`, which it must equal exactly.
final class WorkingTimeIndexAddingTests: XCTestCase {
    func testAddingAgreesWithTheCalendarWalk() throws {
        var random = CalendarPropertyTests.SeededGenerator(state: 20_261_205)
        for calendar in CalendarFixtures.varied {
            let from = CalendarFixtures.time("2026-01-01T00:00:00Z"), to = CalendarFixtures.time("2026-12-31T00:00:00Z")
            let index = WorkingTimeIndex(calendar: calendar, from: from.adding(milliseconds: 30 * 86_400_000), to: to)
            var answered = 0
            for _ in 0..<4000 {
                var start = Int64.random(in: from.milliseconds...to.milliseconds, using: &random)
                // On the half hour too: starts on an interval's edges are the cases that differ.
                if Bool.random(using: &random) { start -= start % 1_800_000 }
                let length: Int64 = switch Int.random(in: 0..<4, using: &random) {
                case 0: Int64.random(in: 0...(3 * 3_600_000), using: &random)
                case 1: Int64.random(in: 1...20, using: &random) * 1_800_000  // whole half hours: ends on edges
                case 2: Int64.random(in: 1...30, using: &random) * calendar.officeHours.dayMilliseconds
                default: Int64.random(in: 0...(40 * 86_400_000), using: &random)
                }
                let instant = Timestamp(milliseconds: start)
                guard let indexed = index.adding(workingMilliseconds: length, to: instant) else { continue }
                answered += 1
                XCTAssertEqual(
                    indexed, try calendar.adding(.working(length), to: instant),
                    "\(calendar.timeZoneIdentifier) \(instant) + \(length) ms")
            }
            // Most starts and results lie inside the range: the index answers them.
            XCTAssertGreaterThan(answered, 3000, calendar.timeZoneIdentifier)
        }
    }

    func testOutsideTheRangeTheIndexDefersToTheWalk() {
        let calendar = CalendarFixtures.shanghai
        let index = WorkingTimeIndex(
            calendar: calendar, from: CalendarFixtures.time("2026-09-01T00:00:00+08:00"),
            to: CalendarFixtures.time("2026-10-31T00:00:00+08:00"))
        XCTAssertNil(index.adding(workingMilliseconds: 3_600_000, to: CalendarFixtures.time("2026-08-01T09:00:00+08:00")))
        XCTAssertNil(index.adding(workingMilliseconds: 3_600_000, to: CalendarFixtures.time("2026-12-01T09:00:00+08:00")))
        // A start inside whose result falls past the range.
        XCTAssertNil(index.adding(
            workingMilliseconds: 60 * calendar.officeHours.dayMilliseconds, to: CalendarFixtures.time("2026-10-20T09:00:00+08:00")))
        XCTAssertNil(index.adding(workingMilliseconds: -1, to: CalendarFixtures.time("2026-10-20T09:00:00+08:00")))
        // 30 September 17:00 + 2 h: one hour that day, nothing over 国庆 (1–7 October), the
        // second hour on Thursday 8 October, 08:30–09:30 — as the walk has it.
        let start = CalendarFixtures.time("2026-09-30T17:00:00+08:00")
        XCTAssertEqual(index.adding(workingMilliseconds: 2 * 3_600_000, to: start), CalendarFixtures.time("2026-10-08T09:30:00+08:00"))
        XCTAssertEqual(index.adding(workingMilliseconds: 2 * 3_600_000, to: start), try calendar.adding(.working(2 * 3_600_000), to: start))
    }

    /// The daemon's lifecycle indexes around its load time: what it opens is what the walk opens.
    func testAnIndexedLifecycleOpensIncidentsAsTheWalkDoes() {
        let walking = LifecycleFixtures.lifecycle
        let indexed = Lifecycle(calendar: LifecycleFixtures.calendar, indexingAround: LifecycleFixtures.time("2026-11-01T00:00:00+08:00"))
        XCTAssertNotNil(indexed.workingTime)
        let category = Category(code: "0102", name: "暴露垃圾", majorName: "市容环境", startTier: .community)
        let report = Report(category: "0102", place: .cell(LifecycleFixtures.cell.rawValue))
        var random = CalendarPropertyTests.SeededGenerator(state: 7)
        let from = LifecycleFixtures.time("2026-11-01T00:00:00+08:00").milliseconds
        for _ in 0..<500 {
            let now = Timestamp(milliseconds: Int64.random(in: from...(from + 90 * 86_400_000), using: &random))
            for policy in [LifecycleFixtures.workingPolicy, LifecycleFixtures.urgentPolicy] {
                let open = { (lifecycle: Lifecycle) in
                    lifecycle.open(
                        report: report, placement: .inCell(LifecycleFixtures.cell, method: .cell), category: category,
                        policy: policy, now: now, actor: LifecycleFixtures.reporter, source: .socket)
                }
                let (expected, expectedEvent) = open(walking)
                let (actual, actualEvent) = open(indexed)
                XCTAssertEqual(actual.timers, expected.timers, "\(now)")
                XCTAssertEqual(actualEvent.detail, expectedEvent.detail, "\(now)")
            }
        }
    }
}
