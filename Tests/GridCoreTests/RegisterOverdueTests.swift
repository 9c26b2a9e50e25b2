import GridFixtures
import XCTest

@testable import GridCore

/// `RegisterOverdue`: whose miss put a case on the 超期 list and how long ago, on the worked
/// example's cases (docs/REPORTS.md) at the report's time, 1 July 09:00.
final class RegisterOverdueTests: XCTestCase {
    let hour = ReportFixtures.hour

    private func overdue(_ id: Int, at now: Timestamp = ReportFixtures.now, policy: IncidentPolicy? = nil) -> RegisterOverdue? {
        var (incident, events) = ReportFixtures.played[id - 1]
        if let policy { incident.policy = policy }
        return RegisterOverdue.of(incident, events: events, now: now, calendar: ReportFixtures.calendar)
    }

    /// Case 12: 桃源社区 missed its ack window on 24 June 11:00, then 清河街道 and 清河区 theirs. The
    /// first miss is 桃源社区's, 6 days 22 hours ago in calendar time (the example's windows are
    /// calendar time); in working time 33 h (24 Jun 4.5 h, four full days of 7 h, 1 Jul 0.5 h).
    func testTheFirstMissIsTheUnitThatMadeTheCaseRed() throws {
        let found = try XCTUnwrap(overdue(12))
        XCTAssertEqual(found.window, "ack")
        XCTAssertEqual(found.unit, WorkedExample.taoyuan)
        XCTAssertEqual(found.dueAt.description, "2026-06-24T11:00:00.000+08:00")
        XCTAssertEqual(found.calendarMilliseconds, (6 * 24 + 22) * hour)
        XCTAssertEqual(found.workingMilliseconds, 33 * hour)
        XCTAssertFalse(found.workingTime, "Ack=2h is calendar time")
        XCTAssertEqual(found.misses, 3)
    }

    /// Case 17: its 立案时限 missed at 30 June 11:00, charged to 江州市's centre: 22 hours.
    func testARegisterWindowMissIsTheCentres() throws {
        let found = try XCTUnwrap(overdue(17))
        XCTAssertEqual([found.window, found.unit.rawValue], ["register", "320500"])
        XCTAssertEqual(found.calendarMilliseconds, 22 * hour)
        XCTAssertEqual(found.misses, 1)
    }

    /// A window in working time is counted in working time.
    func testAWorkingTimeWindowCountsWorkingTime() throws {
        var policy = ReportFixtures.played[11].0.policy
        policy.windows[.community] = IncidentPolicy.TierWindows(ack: .working(2 * hour), resolve: .workingDays(1))
        let found = try XCTUnwrap(overdue(12, policy: policy))
        XCTAssertTrue(found.workingTime)
        XCTAssertEqual(found.workingMilliseconds, 33 * hour)
    }

    /// No miss yet: nothing. A case deadline passed before any window was missed: the holder, since then.
    func testNoMissAndThePassedCaseDeadline() throws {
        XCTAssertNil(overdue(14), "case 14 is green")
        let late = try XCTUnwrap(overdue(14, at: ReportFixtures.time("2026-07-01 20:00")))
        XCTAssertEqual([late.window, late.unit.rawValue], ["case", "320506002001"])
        XCTAssertEqual(late.dueAt.description, "2026-07-01T18:00:00.000+08:00")
        XCTAssertEqual(late.calendarMilliseconds, 2 * hour)
        XCTAssertEqual(late.misses, 0)
    }

    /// The JSON reads back to the same value.
    func testJSONRoundTrip() throws {
        var found = try XCTUnwrap(overdue(12))
        found.unitName = "桃源社区"
        let object = try XCTUnwrap(try JSONParser.parse(found.json.serialized()).objectValue)
        XCTAssertEqual(try RegisterOverdue(json: object), found)
    }
}
