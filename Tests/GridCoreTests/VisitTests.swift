import XCTest

@testable import GridCore

/// 回访 on the pure lifecycle: an operator records the result of calling back whoever reported a
/// closed case from a resident or the 12345 hotline — once, and for those channels only.
final class VisitTests: XCTestCase {
    typealias F = LifecycleFixtures
    let lifecycle = LifecycleFixtures.lifecycle

    func closed(channel: Channel) throws -> Incident {
        var incident = F.open()
        incident.channel = channel
        let worker = Actor(uid: 2001)
        for (command, time) in [(LifecycleCommand.acknowledge, "09:30"), (.resolve, "10:00")] {
            incident = try lifecycle.apply(command, to: incident, by: worker, note: nil, now: F.time("2026-11-30T\(time):00+08:00")).incident
        }
        return try lifecycle.apply(.close, to: incident, by: F.operatorActor, note: nil, now: F.time("2026-11-30T11:00:00+08:00")).incident
    }

    func testAClosedHotlineCaseIsVisitedOnce() throws {
        let incident = try closed(channel: .hotline)
        let step = try lifecycle.apply(.visit(.basic), to: incident, by: F.operatorActor, note: "基本满意", now: F.time("2026-12-01T10:00:00+08:00"))
        XCTAssertEqual(step.incident.visit, .basic)
        XCTAssertEqual(step.incident.state, .closed)
        XCTAssertEqual(step.events.map(\.kind), [.visited])
        XCTAssertEqual(step.events[0].detail["result"], "basic")
        XCTAssertThrowsError(try lifecycle.apply(.visit(.satisfied), to: step.incident, by: F.operatorActor, note: nil, now: F.time("2026-12-01T11:00:00+08:00"))) {
            XCTAssertTrue("\($0)".contains("visited already"), "\($0)")
        }
    }

    func testOnlyClosedCasesFromResidentsAndTheHotlineAndByOperators() throws {
        let patrol = try closed(channel: .patrol)
        XCTAssertThrowsError(try lifecycle.apply(.visit(.satisfied), to: patrol, by: F.operatorActor, note: nil, now: F.time("2026-12-01T10:00:00+08:00"))) {
            XCTAssertEqual(($0 as? GridError)?.code, .invalidState)
            XCTAssertTrue("\($0)".contains("回访 is for cases from residents and the 12345 hotline"), "\($0)")
        }
        var open = F.open()
        open.channel = .resident
        XCTAssertThrowsError(try lifecycle.apply(.visit(.satisfied), to: open, by: F.operatorActor, note: nil, now: open.createdAt)) {
            XCTAssertTrue("\($0)".contains("回访 follows the close"), "\($0)")
        }
        let resident = try closed(channel: .resident)
        XCTAssertNoThrow(try Authority.check(.visit(.satisfied), on: resident, by: F.operatorActor, roles: [.operator]))
        XCTAssertThrowsError(try Authority.check(.visit(.satisfied), on: resident, by: F.reporter, roles: [.worker(F.cell.community)])) {
            XCTAssertTrue("\($0)".contains("rule: 回访 (visit) is for operators"), "\($0)")
        }
    }
}
