import XCTest

@testable import GridCore

/// Requests and approvals on the pure lifecycle: 延期/缓办/挂账 requests are filed (one open per
/// case, a reason required, the clocks running meanwhile), approved by an operator or a unit above
/// the holder — 延期 moves the running window and the case deadline, 缓办 pauses until resume or
/// its end, 挂账 suspends — or denied; and the refusals.
final class RequestTests: XCTestCase {
    typealias F = LifecycleFixtures
    let lifecycle = LifecycleFixtures.lifecycle
    let hour = LifecycleFixtures.hour
    let worker = Actor(uid: 2001, name: "zhao")
    let approver = Actor(uid: 3001, name: "qian")

    /// Opened Monday 09:00 (ack 2wh due 11:00, case deadline Tuesday 11:00), acknowledged at 09:30.
    func handled() throws -> Incident {
        try lifecycle.apply(.acknowledge, to: F.open(), by: worker, note: nil, now: F.time("2026-11-30T09:30:00+08:00")).incident
    }

    func apply(_ command: LifecycleCommand, _ incident: Incident, by actor: Actor? = nil, note: String? = nil, at text: String) throws -> LifecycleStep {
        try lifecycle.apply(command, to: incident, by: actor ?? worker, note: note, now: F.time(text))
    }

    func code(_ body: () throws -> Void) -> GridError.Code? {
        do {
            try body()
            return nil
        } catch { return (error as? GridError)?.code }
    }

    func testARequestIsNotAStateAndOneIsOpenAtATime() throws {
        let incident = try handled()
        let step = try apply(.request(.extend, by: .workingDays(2), until: nil), incident, note: "等待材料", at: "2026-11-30T10:00:00+08:00")
        XCTAssertEqual(step.incident.state, .acknowledged, "the case keeps its state")
        XCTAssertEqual(step.incident.timers, incident.timers, "its clocks run meanwhile")
        XCTAssertEqual(step.incident.request?.kind, .extend)
        XCTAssertEqual(step.incident.request?.by, .workingDays(2))
        XCTAssertEqual(step.events.map(\.kind), [.requested])
        XCTAssertEqual(step.events[0].detail["request"], "extend")
        XCTAssertEqual(step.events[0].detail["by"], "2wd")
        XCTAssertEqual(step.events[0].note, "等待材料")
        XCTAssertEqual(code { _ = try self.apply(.request(.suspend, by: nil, until: nil), step.incident, note: "x", at: "2026-11-30T10:05:00+08:00") }, .invalidState)
        XCTAssertEqual(code { _ = try self.apply(.request(.defer, by: nil, until: nil), incident, at: "2026-11-30T10:05:00+08:00") }, .missingField)
        XCTAssertEqual(code { _ = try self.apply(.approve, incident, by: self.approver, at: "2026-11-30T10:05:00+08:00") }, .invalidState, "nothing to approve")
        XCTAssertEqual(code { _ = try self.apply(.deny, step.incident, by: self.approver, at: "2026-11-30T10:05:00+08:00") }, .missingField)
    }

    func testAnApproved延期MovesTheRunningWindowAndTheCaseDeadline() throws {
        let asked = try apply(.request(.extend, by: .calendar(2 * hour), until: nil), try handled(), note: "等待材料", at: "2026-11-30T10:00:00+08:00")
        let step = try apply(.approve, asked.incident, by: approver, note: "同意", at: "2026-11-30T10:30:00+08:00")
        XCTAssertEqual(step.events.map(\.kind), [.approved, .extended])
        XCTAssertEqual(step.events[0].actor, approver)
        XCTAssertEqual(step.events[0].note, "同意")
        XCTAssertEqual(step.events[0].detail["requested_by"], 2001)
        XCTAssertNil(step.events[1].note, "the reason is the request's, on its own event")
        XCTAssertNil(step.incident.request)
        XCTAssertEqual(step.incident.timers.caseDueAt, asked.incident.timers.caseDueAt?.adding(milliseconds: 2 * hour))
        XCTAssertEqual(step.incident.timers.dueAt, asked.incident.timers.dueAt?.adding(milliseconds: 2 * hour))
    }

    func testAnApproved缓办PausesUntilItsEndAndResumesByItself() throws {
        let asked = try apply(
            .request(.defer, by: nil, until: F.time("2026-12-01T09:00:00+08:00")), try handled(), note: "雨天", at: "2026-11-30T10:00:00+08:00")
        let step = try apply(.approve, asked.incident, by: approver, at: "2026-11-30T11:00:00+08:00")
        XCTAssertEqual(step.events.map(\.kind), [.approved, .deferred])
        var incident = step.incident
        XCTAssertEqual(incident.state, .deferred)
        XCTAssertEqual(CaseLight.of(incident, at: F.time("2026-12-05T09:00:00+08:00")), .paused)
        XCTAssertEqual(incident.timers.nextTimer, PendingTimer(kind: .resume, at: F.time("2026-12-01T09:00:00+08:00")))
        let resumed = try XCTUnwrap(lifecycle.fire(incident.timers.nextTimer!, on: incident, now: F.time("2026-12-01T09:00:01+08:00")))
        incident = resumed.incident
        XCTAssertEqual(resumed.events.map(\.kind), [.resumed])
        XCTAssertEqual(resumed.events[0].actor, .system)
        XCTAssertEqual(incident.state, .acknowledged)
        XCTAssertEqual(incident.timers.window, .resolve)
        XCTAssertEqual(incident.timers.windowStartedAt, F.time("2026-12-01T09:00:00+08:00"), "from the end of the 缓办, as if on time")
    }

    func testAnApproved挂账SuspendsAndResumeBringsItBackWithWhatWasLeft() throws {
        let asked = try apply(.request(.suspend, by: nil, until: nil), try handled(), note: "涉法涉诉", at: "2026-11-30T10:00:00+08:00")
        let step = try apply(.approve, asked.incident, by: approver, at: "2026-11-30T10:00:00+08:00")
        XCTAssertEqual(step.events.map(\.kind), [.approved, .suspended])
        XCTAssertEqual(step.incident.state, .suspended)
        XCTAssertNil(step.incident.timers.nextTimer, "timers stop")
        XCTAssertEqual(CaseLight.of(step.incident, at: F.time("2026-12-31T10:00:00+08:00")), .paused)
        let back = try apply(.resume, step.incident, at: "2026-12-02T09:00:00+08:00")
        XCTAssertEqual(back.incident.state, .acknowledged)
        XCTAssertEqual(back.events.map(\.kind), [.resumed])
        XCTAssertEqual(back.incident.timers.paused, nil)
        XCTAssertEqual(back.incident.timers.dueAt, try F.calendar.adding(.working(6 * hour + 30 * 60_000), to: F.time("2026-12-02T09:00:00+08:00")),
                       "1wd from 09:30 less the half hour used")
    }

    func testDenyingChangesNothingButTheRequest() throws {
        let asked = try apply(.request(.suspend, by: nil, until: nil), try handled(), note: "x", at: "2026-11-30T10:00:00+08:00")
        let step = try apply(.deny, asked.incident, by: approver, note: "理由不足", at: "2026-11-30T10:30:00+08:00")
        XCTAssertEqual(step.events.map(\.kind), [.denied])
        XCTAssertEqual(step.events[0].detail["request"], "suspend")
        XCTAssertNil(step.incident.request)
        XCTAssertEqual(step.incident.state, .acknowledged)
        XCTAssertEqual(step.incident.timers, asked.incident.timers)
        // A resolve lets an open request lapse.
        let again = try apply(.request(.extend, by: .calendar(hour), until: nil), step.incident, note: "y", at: "2026-11-30T10:40:00+08:00")
        let resolved = try apply(.resolve, again.incident, at: "2026-11-30T11:00:00+08:00")
        XCTAssertNil(resolved.incident.request)
        XCTAssertEqual(resolved.events[0].detail["request_lapsed"], "extend")
    }

    /// Approval by an operator or a unit above the holder — never the holder's own unit, nor a
    /// unit elsewhere.
    func testWhoMayDecide() throws {
        let asked = try apply(.request(.defer, by: nil, until: nil), try handled(), note: "x", at: "2026-11-30T10:00:00+08:00").incident
        let community = F.cell.community
        func allowed(_ roles: Set<Role>) -> Bool { (try? Authority.check(.approve, on: asked, by: approver, roles: roles)) != nil }
        XCTAssertTrue(allowed([.operator]))
        XCTAssertTrue(allowed([.worker(community.parent!)]), "the street above the community")
        XCTAssertTrue(allowed([.worker(UnitCode("320506")!)]), "the district")
        XCTAssertFalse(allowed([.worker(community)]), "the holder's own unit")
        XCTAssertFalse(allowed([.worker(UnitCode("320508002")!)]), "another street")
        XCTAssertFalse(allowed([.inspector(nil)]))
        XCTAssertThrowsError(try Authority.check(.deny, on: asked, by: approver, roles: [.worker(community)])) {
            XCTAssertTrue("\($0)".contains("rule: 延期/缓办/挂账 requests are decided by an operator or a worker of a unit above the holder"), "\($0)")
        }
        XCTAssertNoThrow(try Authority.check(.request(.defer, by: nil, until: nil), on: asked, by: worker, roles: [.worker(community)]), "the holder asks")
    }
}
