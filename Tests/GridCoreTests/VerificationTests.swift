import XCTest

@testable import GridCore

/// 核查 by someone else: who may close (核查通过) or reopen (返工) a resolved case — an inspector
/// (监督员) of its area, an operator, or the reporting worker, never whoever resolved it (admins
/// excepted) — `Inspector=` and `Verify=` in the config, and a missed verification window charged
/// to the verifying unit without moving the case.
final class VerificationTests: XCTestCase, ConfigSnippetTesting {
    static let base = ConfigSnippetBase.gridCategoryAndPolicy
    typealias F = LifecycleFixtures
    let lifecycle = LifecycleFixtures.lifecycle

    let community = F.cell.community
    var street: UnitCode { community.parent! }
    let resolver = Actor(uid: 2001, name: "zhao")

    /// Reported by `F.reporter`, acknowledged and resolved by `resolver` at 10:00.
    func resolvedCase(by actor: Actor? = nil, lifecycle: Lifecycle = LifecycleFixtures.lifecycle) throws -> Incident {
        var incident = F.open()
        incident = try lifecycle.apply(.acknowledge, to: incident, by: actor ?? resolver, note: nil, now: F.time("2026-11-30T09:30:00+08:00")).incident
        return try lifecycle.apply(.resolve, to: incident, by: actor ?? resolver, note: nil, now: F.time("2026-11-30T10:00:00+08:00")).incident
    }

    func refusal(_ command: LifecycleCommand, _ incident: Incident, _ actor: Actor, _ roles: Set<Role>) -> String? {
        do {
            try Authority.check(command, on: incident, by: actor, roles: roles)
            return nil
        } catch { return error.message }
    }

    func testNobodyVerifiesWhatTheyResolvedAdminsExcepted() throws {
        let incident = try resolvedCase()
        XCTAssertEqual(incident.resolvedBy, resolver.uid)
        for command in [LifecycleCommand.close, .reopen] {
            let own = refusal(command, incident, resolver, [.worker(community)])
            XCTAssertTrue(own?.contains("rule: no self-verification") == true, own ?? "allowed")
            XCTAssertNotNil(refusal(command, incident, resolver, [.operator]), "an operator who resolved it neither")
            XCTAssertNotNil(refusal(command, incident, resolver, [.inspector(nil)]), "nor an inspector who resolved it")
            XCTAssertNil(refusal(command, incident, resolver, [.admin]), "admins excepted")
        }
        let byReporter = try resolvedCase(by: F.reporter)
        XCTAssertNotNil(refusal(.close, byReporter, F.reporter, [.worker(community)]), "the reporter resolved it: not theirs to verify")
    }

    func testInspectorsOfTheAreaOperatorsAndTheReporterVerify() throws {
        let incident = try resolvedCase()
        let other = Actor(uid: 3001)
        for command in [LifecycleCommand.close, .reopen] {
            XCTAssertNil(refusal(command, incident, other, [.inspector(street)]), "an inspector of the street holding the case")
            XCTAssertNil(refusal(command, incident, other, [.inspector(community)]))
            XCTAssertNil(refusal(command, incident, other, [.inspector(nil)]), "city-wide")
            XCTAssertNil(refusal(command, incident, other, [.operator]))
            XCTAssertNil(refusal(command, incident, F.reporter, [.worker(community)]), "the reporting worker")
            let elsewhere = refusal(command, incident, other, [.inspector(UnitCode("320508002")!)])
            XCTAssertEqual(
                elsewhere,
                "uid 3001 may not \(command.name) incident 7: rule: 核查 (close, reopen) is for an inspector of the case's area, an operator, or the reporting worker")
            XCTAssertNotNil(refusal(command, incident, other, [.worker(community)]), "a worker of the unit is not a verifier")
        }
    }

    func testAMissedVerificationIsChargedToTheVerifyingUnitAndMovesNothing() throws {
        for (units, charged) in [([street, UnitCode("320506")!], street), ([], UnitCode("320500")!)] {
            let lifecycle = Lifecycle(calendar: F.calendar, inspectorUnits: units)
            XCTAssertEqual(lifecycle.verifyingUnit(of: F.open()), charged)
            var incident = try resolvedCase(lifecycle: lifecycle)
            var events: [IncidentEvent] = []
            while let timer = incident.timers.nextTimer, timer.kind != .reminder {
                let step = try XCTUnwrap(lifecycle.fire(timer, on: incident, now: timer.at))
                incident = step.incident
                events += step.events
            }
            XCTAssertEqual(events.map(\.kind), [.warning, .overdue])
            XCTAssertEqual(events[1].detail["window"], "verify")
            XCTAssertEqual(events[1].detail["charged_unit"], .string(charged.rawValue))
            XCTAssertEqual(events[1].unit, charged)
            XCTAssertEqual(incident.state, .resolved, "the case does not move")
            XCTAssertEqual(incident.timers.missedWindows, 0, "not the handling unit's 超期")
            XCTAssertEqual(CaseWindows.from(events: events).charges.map(\.unit), [charged])
        }
    }

    func testInspectorAndVerifyInTheConfig() throws {
        let loaded = try XCTUnwrap(config("[Access]\nInspector=@jiandu #5001 320506002\nInspector=wang\n[Policy]\nVerify=4wh"))
        XCTAssertEqual(loaded.access.roles(of: Actor(uid: 5001), daemonUID: 999), [.inspector(UnitCode("320506002")!)])
        XCTAssertEqual(loaded.access.roles(of: Actor(uid: 5002, name: "wang"), daemonUID: 999), [.inspector(nil)])
        XCTAssertEqual(loaded.access.inspectorUnits, [UnitCode("320506002")!])
        let category = try XCTUnwrap(loaded.categories["0102"])
        XCTAssertEqual(loaded.policy.snapshot(category: category, priority: .normal).verificationWindow, .working(4 * 3_600_000))
        let alias = try XCTUnwrap(config("[Policy]\nVerifyWithin=3wh"))
        XCTAssertEqual(alias.policy.snapshot(category: category, priority: .normal).verificationWindow, .working(3 * 3_600_000), "the old name still works")
        XCTAssertEqual(problems("[Access]\nInspector=@jiandu 32050600"), [
            "c.conf:12: Inspector=@jiandu 32050600: unit code \"32050600\": expected 6 (district or city), 9 (street) or 12 (community) digits (e.g. Inspector=@jiandu 320506002; without a unit code the role is city-wide)"
        ])
        XCTAssertEqual(problems("[Access]\nInspector=wang 330100"), [
            "c.conf:12: Inspector=wang 330100: unit 330100 lies outside CityCode=320500; expected the city or a unit inside it"
        ])
    }
}
