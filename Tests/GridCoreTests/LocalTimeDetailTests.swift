import XCTest

@testable import GridCore

/// Times in event details are written at the working calendar's offset (issue 15), so the log and
/// `show --json` print `ack_due` as people count time; a calendar in another zone writes its own
/// offset; details stored before (`…Z`) parse to the same instants.
final class LocalTimeDetailTests: XCTestCase {
    typealias F = LifecycleFixtures

    func open(in zone: String) throws -> (Incident, IncidentEvent) {
        let lifecycle = Lifecycle(calendar: try WorkingCalendar(timeZoneIdentifier: zone))
        let category = Category(code: "0102", name: "暴露垃圾", majorName: "市容环境")
        let rules = EscalationPolicy.Rules(
            ack: [EscalationPolicy.Qualifier(): .calendar(2 * F.hour)], resolve: [EscalationPolicy.Qualifier(): .calendar(4 * F.hour)],
            warningFraction: 0.5, reminderInterval: .calendar(F.hour))
        return lifecycle.open(
            report: Report(category: "0102", place: .cell(F.cell.rawValue)), placement: .inCell(F.cell, method: .cell),
            category: category, policy: EscalationPolicy(defaults: rules).snapshot(category: category, priority: .normal),
            now: F.time("2026-11-30T01:00:00Z"), actor: F.reporter, source: .socket)
    }

    func testAckDueIsWrittenAtTheCalendarsOffset() throws {
        for (zone, ackDue) in [("Asia/Shanghai", "2026-11-30T11:00:00.000+08:00"), ("Asia/Tokyo", "2026-11-30T12:00:00.000+09:00")] {
            let (incident, event) = try open(in: zone)
            XCTAssertEqual(event.detail["ack_due"], .string(ackDue), zone)
            XCTAssertEqual(event.detail["ack_due"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }, incident.timers.dueAt, zone)
        }
    }

    func testDetailsStoredInUTCReadAsTheSameInstant() {
        let old = Timestamp(rfc3339: "2026-11-30T03:00:00.000Z")
        XCTAssertNotNil(old)
        XCTAssertEqual(old, Timestamp(rfc3339: "2026-11-30T11:00:00.000+08:00"))
        XCTAssertEqual(LocalTime(rfc3339: "2026-11-30T03:00:00.000Z")?.instant, old)
    }

    func testOffsetChangesOfAZone() throws {
        let range = F.time("2026-01-01T00:00:00Z")..<F.time("2027-01-01T00:00:00Z")
        let berlin = try WorkingCalendar(timeZoneIdentifier: "Europe/Berlin").offsetChanges(in: range)
        XCTAssertEqual(berlin.initial, 3600)
        XCTAssertEqual(berlin.changes.map { $0.at.description }, ["2026-03-29T01:00:00.000Z", "2026-10-25T01:00:00.000Z"])
        XCTAssertEqual(berlin.changes.map(\.offsetSeconds), [7200, 3600])
        let tokyo = try WorkingCalendar(timeZoneIdentifier: "Asia/Tokyo").offsetChanges(in: range)
        XCTAssertEqual(tokyo.initial, 9 * 3600)
        XCTAssertTrue(tokyo.changes.isEmpty)
    }
}
