import XCTest

@testable import GridCore

final class LifecycleTests: XCTestCase {
    typealias F = LifecycleFixtures
    let lifecycle = LifecycleFixtures.lifecycle

    func apply(_ command: LifecycleCommand, _ incident: Incident, at text: String, note: String? = nil) throws -> Incident {
        let step = try lifecycle.apply(command, to: incident, by: F.reporter, note: note, now: F.time(text))
        XCTAssertEqual(step.incident.version, incident.version + 1)
        XCTAssertEqual(step.events.count, 1)
        return step.incident
    }

    func testOpenStartsTheAckWindowInWorkingTime() {
        // Monday 2026-11-30 09:00: 2 working hours → 11:00; warning at 50% → 10:00.
        let incident = F.open()
        XCTAssertEqual(incident.state, .dispatched)
        XCTAssertEqual(incident.tier, .community)
        XCTAssertEqual(incident.timers.window, .ack)
        XCTAssertEqual(incident.timers.dueAt, F.time("2026-11-30T11:00:00+08:00"))
        XCTAssertEqual(incident.timers.warnAt, F.time("2026-11-30T10:00:00+08:00"))
        XCTAssertEqual(incident.timers.nextTimer, PendingTimer(kind: .warning, at: F.time("2026-11-30T10:00:00+08:00")))
    }

    func testHappyPathAckResolveCloseOnTime() throws {
        var incident = F.open()
        incident = try apply(.acknowledge, incident, at: "2026-11-30T09:30:00+08:00")
        XCTAssertEqual(incident.state, .acknowledged)
        XCTAssertEqual(incident.timers.window, .resolve)
        // 1 working day (7 h) from Monday 09:30 → Tuesday 09:30.
        XCTAssertEqual(incident.timers.dueAt, F.time("2026-12-01T09:30:00+08:00"))
        incident = try apply(.resolve, incident, at: "2026-11-30T16:00:00+08:00")
        XCTAssertEqual(incident.state, .resolved)
        XCTAssertEqual(incident.timers.resolvedOnTime, true)
        XCTAssertEqual(incident.timers.window, .verify)
        incident = try apply(.close, incident, at: "2026-12-01T10:00:00+08:00")
        XCTAssertEqual(incident.state, .closed)
        XCTAssertNil(incident.timers.nextTimer)
        XCTAssertEqual(incident.timers.resolvedOnTime, true)
    }

    func testLateResolveIsRecordedAsLate() throws {
        var incident = try apply(.acknowledge, F.open(), at: "2026-11-30T09:30:00+08:00")
        incident = try apply(.resolve, incident, at: "2026-12-01T10:00:00+08:00")
        XCTAssertEqual(incident.timers.resolvedOnTime, false)
    }

    func testReopenCountsReworkWithAFreshResolveWindow() throws {
        var incident = try apply(.acknowledge, F.open(), at: "2026-11-30T09:30:00+08:00")
        incident = try apply(.resolve, incident, at: "2026-11-30T10:00:00+08:00")
        let step = try lifecycle.apply(.reopen, to: incident, by: F.reporter, note: "垃圾仍在", now: F.time("2026-11-30T11:00:00+08:00"))
        XCTAssertEqual(step.incident.state, .acknowledged)
        XCTAssertEqual(step.incident.timers.reopenCount, 1)
        XCTAssertEqual(step.incident.timers.window, .resolve)
        XCTAssertEqual(step.incident.timers.dueAt, F.time("2026-12-01T11:00:00+08:00"))
        XCTAssertEqual(step.events.first?.kind, .reopened)
        XCTAssertEqual(step.events.first?.note, "垃圾仍在")
    }

    func testDeferPausesAndResumeRestartsWithWhatWasLeft() throws {
        var incident = F.open()  // ack due 11:00 (2 wh from 09:00), warning at 10:00
        // A warning that fell due but has not fired yet is still owed: it fires on resume.
        let unfired = try apply(.defer, incident, at: "2026-11-30T10:30:00+08:00", note: "等待物业配合")
        XCTAssertEqual(unfired.timers.paused?.warningRemaining, .working(0))
        let warning = try XCTUnwrap(incident.timers.nextTimer)
        incident = try XCTUnwrap(lifecycle.fire(warning, on: incident, now: warning.at)).incident
        incident = try apply(.defer, incident, at: "2026-11-30T10:30:00+08:00", note: "等待物业配合")
        XCTAssertEqual(incident.state, .deferred)
        XCTAssertNil(incident.timers.nextTimer, "a deferred incident has no running timer")
        XCTAssertEqual(incident.timers.paused?.remaining, .working(30 * F.minute))
        XCTAssertNil(incident.timers.paused?.warningRemaining, "the 10:00 warning has fired")
        // Resumed Wednesday 17:45: 15 working minutes today, 15 more Thursday from 08:30.
        incident = try apply(.resume, incident, at: "2026-12-02T17:45:00+08:00")
        XCTAssertEqual(incident.state, .dispatched)
        XCTAssertEqual(incident.timers.dueAt, F.time("2026-12-03T08:45:00+08:00"))
    }

    func testCancelAndDeferNeedAReason() {
        XCTAssertThrowsError(try lifecycle.apply(.cancel, to: F.open(), by: F.reporter, note: nil, now: F.time("2026-11-30T09:10:00+08:00"))) {
            XCTAssertEqual(($0 as? GridError)?.code, .missingField)
        }
        XCTAssertThrowsError(try lifecycle.apply(.defer, to: F.open(), by: F.reporter, note: "", now: F.time("2026-11-30T09:10:00+08:00"))) {
            XCTAssertEqual(($0 as? GridError)?.code, .missingField)
        }
        XCTAssertThrowsError(try lifecycle.apply(.note, to: F.open(), by: F.reporter, note: nil, now: F.time("2026-11-30T09:10:00+08:00")))
    }

    func testEveryRefusedTransitionNamesTheState() throws {
        let dispatched = F.open()
        let acknowledged = try apply(.acknowledge, dispatched, at: "2026-11-30T09:10:00+08:00")
        let resolved = try apply(.resolve, acknowledged, at: "2026-11-30T09:20:00+08:00")
        let closed = try apply(.close, resolved, at: "2026-11-30T09:30:00+08:00")
        let cancelled = try apply(.cancel, dispatched, at: "2026-11-30T09:30:00+08:00", note: "重复上报")
        let deferred = try apply(.defer, dispatched, at: "2026-11-30T09:30:00+08:00", note: "缓办")
        let refused: [(LifecycleCommand, Incident)] = [
            (.acknowledge, acknowledged), (.acknowledge, resolved), (.acknowledge, closed), (.acknowledge, deferred),
            (.resolve, dispatched), (.resolve, resolved), (.resolve, closed),
            (.close, dispatched), (.close, acknowledged), (.close, closed),
            (.reopen, dispatched), (.reopen, acknowledged), (.reopen, closed),
            (.cancel, closed), (.cancel, cancelled),
            (.defer, resolved), (.defer, deferred), (.defer, closed),
            (.resume, dispatched), (.resume, acknowledged), (.resume, closed),
            (.transfer(.inCell(F.cell, method: .cell)), resolved), (.transfer(.inCell(F.cell, method: .cell)), closed),
        ]
        for (command, incident) in refused {
            XCTAssertThrowsError(
                try lifecycle.apply(command, to: incident, by: F.reporter, note: "x", now: F.time("2026-11-30T10:00:00+08:00")),
                "\(command.name) from \(incident.state)"
            ) { error in
                XCTAssertEqual((error as? GridError)?.code, .invalidState)
                XCTAssertTrue((error as? GridError)?.message.contains("it is \(incident.state)") ?? false, "\(error)")
            }
        }
        XCTAssertThrowsError(try lifecycle.apply(.resolve, to: dispatched, by: F.reporter, note: nil, now: F.time("2026-11-30T10:00:00+08:00"))) {
            XCTAssertTrue("\($0)".contains("acknowledge it first"))
        }
    }

    func testTransferReroutesWithAFreshAckWindow() throws {
        let other = CellCode("320508002002003")!
        var incident = try apply(.acknowledge, F.open(), at: "2026-11-30T09:30:00+08:00")
        let step = try lifecycle.apply(
            .transfer(.inCell(other, method: .cell)), to: incident, by: F.operatorActor, note: "属临江区",
            now: F.time("2026-11-30T10:00:00+08:00"))
        incident = step.incident
        XCTAssertEqual(incident.state, .dispatched)
        XCTAssertEqual(incident.unit, other.community)
        XCTAssertEqual(incident.placement.cell, other)
        XCTAssertEqual(incident.timers.dueAt, F.time("2026-11-30T12:00:00+08:00"))
        XCTAssertEqual(step.events.first?.detail["from_unit"], "320506002001")
        XCTAssertEqual(step.events.first?.detail["to_unit"], "320508002002")
    }

    func testMissedWindowsEscalateThenGoOverdueAndRemind() throws {
        // 突发事件 at the street, calendar time: 30 min per tier, warning at 80% (24 min).
        var incident = F.open(policy: F.urgentPolicy, startTier: .street, at: "2026-11-28T23:00:00+08:00")
        XCTAssertEqual(incident.tier, .street)
        var kinds: [IncidentEvent.Kind] = []
        var tiers: [Tier] = []
        for _ in 0..<8 {
            guard let timer = incident.timers.nextTimer else { break }
            let step = try XCTUnwrap(lifecycle.fire(timer, on: incident, now: timer.at.adding(milliseconds: 5)))
            XCTAssertEqual(step.events.first?.due, timer.at)
            incident = step.incident
            kinds += step.events.map(\.kind)
            tiers.append(incident.tier)
        }
        // Each missed window is 超期 (charged to the tier that missed it) before the case moves up.
        XCTAssertEqual(
            kinds, [.warning, .overdue, .escalated, .warning, .overdue, .escalated, .warning, .overdue, .reminded, .reminded])
        XCTAssertEqual(tiers, [.street, .district, .district, .city, .city, .city, .city, .city])
        XCTAssertEqual(incident.timers.missedWindows, 3)
        XCTAssertEqual(incident.unit.rawValue, "320500")
        XCTAssertTrue(incident.timers.overdue)
        // Escalations are counted from when they fell due, not from when they ran.
        // Overdue at 00:30, reminded at 01:30 and 02:30; the next reminder is at 03:30.
        XCTAssertEqual(incident.timers.nextReminderAt, F.time("2026-11-29T03:30:00+08:00"))
        // Acknowledging at the top takes it off the register.
        let acknowledged = try apply(.acknowledge, incident, at: "2026-11-29T03:00:00+08:00")
        XCTAssertFalse(acknowledged.timers.overdue)
        XCTAssertEqual(acknowledged.timers.window, .resolve)
    }

    func testAStaleTimerDoesNothing() throws {
        let incident = F.open()
        let timer = try XCTUnwrap(incident.timers.nextTimer)
        let acknowledged = try apply(.acknowledge, incident, at: "2026-11-30T09:05:00+08:00")
        XCTAssertNil(lifecycle.fire(timer, on: acknowledged, now: timer.at))
        XCTAssertNil(lifecycle.fire(PendingTimer(kind: .windowEnd, at: incident.timers.dueAt!), on: incident, now: timer.at),
            "the warning comes first")
    }

    func testMissedVerificationGoesOnTheRegister() throws {
        var incident = try apply(.acknowledge, F.open(), at: "2026-11-30T09:30:00+08:00")
        incident = try apply(.resolve, incident, at: "2026-11-30T10:00:00+08:00")
        var fired: [IncidentEvent.Kind] = []
        while let timer = incident.timers.nextTimer, fired.count < 3 {
            let step = try XCTUnwrap(lifecycle.fire(timer, on: incident, now: timer.at))
            incident = step.incident
            fired += step.events.map(\.kind)
        }
        XCTAssertEqual(fired, [.warning, .overdue, .reminded])
        XCTAssertEqual(incident.tier, .community, "a missed verification does not escalate")
        XCTAssertEqual(incident.state, .resolved)
    }

    func testAuthorityRules() throws {
        let incident = F.open()  // at community 320506002001, reported by uid 1001
        let worker = Actor(uid: 2001, name: "zhao")
        let streetWorker: Set<Role> = [.worker(UnitCode("320506002")!)]
        let otherStreet: Set<Role> = [.worker(UnitCode("320508002")!)]
        XCTAssertNoThrow(try Authority.check(.acknowledge, on: incident, by: worker, roles: streetWorker))
        XCTAssertThrowsError(try Authority.check(.acknowledge, on: incident, by: worker, roles: otherStreet)) {
            XCTAssertEqual(($0 as? GridError)?.code, .permissionDenied)
            XCTAssertTrue("\($0)".contains("rule: a worker acts only on incidents at its unit or below"), "\($0)")
        }
        XCTAssertThrowsError(try Authority.check(.cancel, on: incident, by: worker, roles: streetWorker)) {
            XCTAssertTrue("\($0)".contains("rule: cancel and transfer are for operators"))
        }
        XCTAssertThrowsError(try Authority.check(.close, on: incident, by: worker, roles: streetWorker)) {
            XCTAssertTrue("\($0)".contains("an operator, or the reporting worker"))
        }
        XCTAssertNoThrow(try Authority.check(.close, on: incident, by: F.reporter, roles: otherStreet))
        XCTAssertNoThrow(try Authority.check(.cancel, on: incident, by: worker, roles: [.operator]))
        XCTAssertThrowsError(try Authority.check(.note, on: incident, by: worker, roles: [])) {
            XCTAssertTrue("\($0)".contains("not in the access config"))
        }
        let rules = AccessRules(users: ["zhao": [.worker(UnitCode("320506002")!)]], groups: ["gridops": [.operator]])
        XCTAssertEqual(rules.roles(of: worker, daemonUID: 999), streetWorker)
        XCTAssertEqual(rules.roles(of: Actor(uid: 0), daemonUID: 999), [.admin])
        XCTAssertEqual(rules.roles(of: Actor(uid: 999), daemonUID: 999), [.admin])
        XCTAssertEqual(rules.roles(of: Actor(uid: 3000, groupNames: ["gridops"]), daemonUID: 999), [.operator])
        XCTAssertEqual(rules.roles(of: Actor(uid: 3001), daemonUID: 999), [])
    }

    func testPolicySnapshotRoundTripsThroughJSON() {
        XCTAssertEqual(IncidentPolicy(json: F.workingPolicy.json), F.workingPolicy)
        XCTAssertEqual(IncidentPolicy(json: F.urgentPolicy.json), F.urgentPolicy)
    }

    func testDeadlineHeapOrdersByTimeThenId() {
        var heap = DeadlineHeap()
        let times: [Int64] = [50, 10, 30, 10, 20, 40]
        for (index, time) in times.enumerated() {
            heap.insert(.init(at: Timestamp(milliseconds: time), incidentID: Int64(10 - index), version: 1, kind: .warning))
        }
        let due = heap.popDue(through: Timestamp(milliseconds: 30))
        XCTAssertEqual(due.map(\.at.milliseconds), [10, 10, 20, 30])
        XCTAssertEqual(due.prefix(2).map(\.incidentID), [7, 9])
        XCTAssertEqual(heap.count, 2)
        let rebuilt = DeadlineHeap(times.enumerated().map { .init(at: Timestamp(milliseconds: $0.element), incidentID: Int64($0.offset), version: 1, kind: .reminder) })
        var copy = rebuilt
        var order: [Int64] = []
        while let next = copy.popFirst() { order.append(next.at.milliseconds) }
        XCTAssertEqual(order, times.sorted())
    }
}
