import XCTest

@testable import GridCore

/// 主动上报 (escalate by hand) and 督办 (supervise) on the pure lifecycle: a hand-over goes one tier
/// up with fresh windows and charges nobody; 督办 is a count against the holder; who may do each.
final class PressingTests: XCTestCase {
    typealias F = LifecycleFixtures
    let lifecycle = LifecycleFixtures.lifecycle
    let worker = Actor(uid: 2001, name: "zhao")

    func testAHandOverGoesUpWithFreshWindowsAndIsNot超期() throws {
        let incident = try lifecycle.apply(.acknowledge, to: F.open(), by: worker, note: nil, now: F.time("2026-11-30T09:30:00+08:00")).incident
        let now = F.time("2026-11-30T10:00:00+08:00")
        XCTAssertThrowsError(try lifecycle.apply(.escalate, to: incident, by: worker, note: nil, now: now)) {
            XCTAssertEqual(($0 as? GridError)?.code, .missingField)
        }
        let step = try lifecycle.apply(.escalate, to: incident, by: worker, note: "需街道协调", now: now)
        XCTAssertEqual(step.events.map(\.kind), [.escalatedByHand])
        XCTAssertEqual(step.events[0].detail["from_unit"], .string(F.cell.community.rawValue))
        XCTAssertEqual(step.incident.state, .dispatched)
        XCTAssertEqual(step.incident.tier, .street)
        XCTAssertEqual(step.incident.unit, F.cell.community.parent)
        XCTAssertEqual(step.incident.timers.window, .ack)
        XCTAssertEqual(step.incident.timers.dueAt, try F.calendar.adding(.working(2 * F.hour), to: now))
        XCTAssertEqual(step.incident.timers.missedWindows, 0, "not 超期")
        XCTAssertEqual(step.incident.timers.caseDueAt, incident.timers.caseDueAt, "the case deadline stays")
        XCTAssertEqual(CaseWindows.from(events: step.events).charges, [])

        var top = F.open(policy: F.urgentPolicy, startTier: .city)
        top.id = 8
        XCTAssertThrowsError(try lifecycle.apply(.escalate, to: top, by: worker, note: "x", now: now)) {
            XCTAssertTrue("\($0)".contains("the top tier of its policy"), "\($0)")
        }
    }

    func test督办IsACountAgainstTheHolder() throws {
        let incident = F.open()
        let once = try lifecycle.apply(.supervise, to: incident, by: F.operatorActor, note: "尽快处置", now: F.time("2026-11-30T10:00:00+08:00"))
        let twice = try lifecycle.apply(.supervise, to: once.incident, by: F.operatorActor, note: "再次督办", now: F.time("2026-11-30T11:00:00+08:00"))
        XCTAssertEqual(twice.incident.supervisedCount, 2)
        XCTAssertEqual(twice.events[0].kind, .supervised)
        XCTAssertEqual(twice.events[0].unit, incident.unit, "against the holder")
        XCTAssertEqual(twice.events[0].detail["supervised"], 2)
        XCTAssertEqual(twice.incident.timers, incident.timers, "nothing else changes")
        XCTAssertThrowsError(try lifecycle.apply(.supervise, to: incident, by: F.operatorActor, note: nil, now: incident.createdAt))

        let community = F.cell.community
        func allowed(_ command: LifecycleCommand, _ roles: Set<Role>) -> Bool {
            (try? Authority.check(command, on: incident, by: worker, roles: roles)) != nil
        }
        XCTAssertTrue(allowed(.supervise, [.operator]))
        XCTAssertTrue(allowed(.supervise, [.worker(community.parent!)]), "a unit above")
        XCTAssertFalse(allowed(.supervise, [.worker(community)]), "not the holder itself")
        XCTAssertThrowsError(try Authority.check(.supervise, on: incident, by: worker, roles: [.worker(community)])) {
            XCTAssertTrue("\($0)".contains("rule: 督办 (supervise) is for an operator or a worker of a unit above the holder"), "\($0)")
        }
        XCTAssertTrue(allowed(.escalate, [.worker(community)]), "the holder hands it up")
        XCTAssertFalse(allowed(.escalate, [.worker(UnitCode("320508002")!)]))
    }
}
