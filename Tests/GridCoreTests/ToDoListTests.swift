import XCTest

@testable import GridCore

/// `gridctl mine`'s rule, pure: which cases are on a caller's list (held by its unit itself; to
/// verify in its area, never its own resolve) and in which order (red, yellow, green, paused, to
/// verify; the soonest due first).
final class ToDoListTests: XCTestCase {
    typealias F = LifecycleFixtures
    let community = UnitCode("320506002001")!
    let street = UnitCode("320506002")!
    let worker = Actor(uid: 4242, name: "zhang")

    func incident(_ id: Int64, _ state: IncidentState, due: Int64? = nil, missed: Int = 0, warned: Bool = false) -> Incident {
        var incident = F.open(id: id)
        incident.state = state
        incident.timers.dueAt = due.map { Timestamp(milliseconds: $0) }
        incident.timers.missedWindows = missed
        incident.timers.warned = warned
        incident.timers.caseDueAt = nil
        incident.timers.caseWarnAt = nil
        return incident
    }

    func testWhoseCasesAreOnTheList() {
        let list = ToDoList(roles: [.worker(community), .inspector(street)])
        XCTAssertEqual(list.holderUnits, [community])
        XCTAssertEqual(list.inspectorUnits, [street])
        XCTAssertFalse(list.isEmpty)
        var held = incident(1, .acknowledged)
        XCTAssertEqual(held.unit, community)
        XCTAssertTrue(list.includes(held, actor: worker))
        held.unit = street
        XCTAssertFalse(list.includes(held, actor: worker), "held by the street above: not the community's")
        XCTAssertFalse(list.includes(incident(2, .reported), actor: worker), "待立案 is the operators'")
        XCTAssertFalse(list.includes(incident(3, .closed), actor: worker))
        var resolved = incident(4, .resolved)
        XCTAssertTrue(list.includes(resolved, actor: worker), "to verify, as the street's inspector")
        resolved.resolvedBy = worker.uid
        XCTAssertFalse(list.includes(resolved, actor: worker), "no self-verification")
        XCTAssertFalse(ToDoList(roles: [.worker(community)]).includes(incident(5, .resolved), actor: worker))
        XCTAssertTrue(ToDoList(roles: [.admin, .operator]).isEmpty)
        XCTAssertTrue(ToDoList(roles: [.inspector(nil)]).inspectsCity)
    }

    func testRedFirstThenYellowGreenPausedAndToVerifyBySoonestDue() {
        let now = Timestamp(milliseconds: 1_000_000)
        let cases = [
            incident(1, .resolved, due: 10), incident(2, .acknowledged, due: 900), incident(3, .dispatched, due: 500, warned: true),
            incident(4, .suspended), incident(5, .dispatched, due: 2000, missed: 1), incident(6, .acknowledged, due: 300),
            incident(7, .dispatched, due: 100, missed: 1), incident(8, .acknowledged),
        ]
        XCTAssertEqual(ToDoList.ordered(cases, at: now).map(\.id), [7, 5, 3, 6, 2, 8, 4, 1])
    }
}
