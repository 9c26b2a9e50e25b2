import XCTest

@testable import GridCore

/// The case deadline (案件处置时限), 超期 charged to the unit that missed a window, the light
/// across escalation, and 延期 (`extend`), on the pure lifecycle with explicit times.
final class CaseDeadlineTests: XCTestCase {
    typealias F = LifecycleFixtures
    let lifecycle = LifecycleFixtures.lifecycle
    let minute = LifecycleFixtures.minute
    let hour = LifecycleFixtures.hour

    /// Calendar time from the community to the district (the top tier): 30 min to acknowledge and
    /// 4 h to resolve at each tier, warning at 80%; the case deadline by default 4 h 30 min.
    var climbing: IncidentPolicy {
        let windows = IncidentPolicy.TierWindows(ack: .calendar(30 * minute), resolve: .calendar(4 * hour))
        return IncidentPolicy(
            windows: [.community: windows, .street: windows, .district: windows], topTier: .district, warningFraction: 0.8,
            reminderInterval: .calendar(hour), verificationWindow: .calendar(4 * hour))
    }

    /// Fires every timer due up to `time`, in order; returns the events.
    func fire(through time: Timestamp, _ incident: inout Incident) -> [IncidentEvent] {
        var events: [IncidentEvent] = []
        while let timer = incident.timers.nextTimer, timer.at <= time {
            guard let step = lifecycle.fire(timer, on: incident, now: timer.at) else { break }
            incident = step.incident
            events += step.events
        }
        return events
    }

    func light(_ incident: Incident, _ text: String) -> CaseLight? { CaseLight.of(incident, at: F.time(text)) }

    func testTheDefaultCaseDeadlineIsTheStartTiersAckThenResolve() {
        // Monday 09:00 + 2 wh → 11:00, + 1 wd (7 working hours) → Tuesday 11:00; warning 50% of
        // each: + 1 wh → 10:00, + 3.5 wh → 12:00 and 14:30–16:00.
        let incident = F.open()
        XCTAssertEqual(incident.timers.caseDueAt, F.time("2026-12-01T11:00:00+08:00"))
        XCTAssertEqual(incident.timers.caseWarnAt, F.time("2026-11-30T16:00:00+08:00"))
        XCTAssertEqual(incident.timers.missedWindows, 0)
        var own = F.workingPolicy
        own.caseWindow = .workingDays(3)
        XCTAssertEqual(F.open(policy: own).timers.caseDueAt, F.time("2026-12-03T09:00:00+08:00"), "Case=3wd from registration")
        XCTAssertNil(F.open(policy: .unset).timers.caseDueAt, "no windows, no case deadline")
    }

    /// The case: escalated twice and resolved at the district within the district's
    /// window, but past its case deadline. Its community and its street are charged one 超期
    /// each; the light is red from the first miss, through both escalations, until the resolve.
    func testACaseEscalatedTwiceAndResolvedInTheDistrictsWindowIsStillLate() throws {
        var incident = F.open(policy: climbing, at: "2026-11-28T09:00:00+08:00")
        XCTAssertEqual(incident.timers.caseDueAt, F.time("2026-11-28T13:30:00+08:00"))
        XCTAssertEqual(light(incident, "2026-11-28T09:10:00+08:00"), .green)
        var events = fire(through: F.time("2026-11-28T09:29:00+08:00"), &incident)
        XCTAssertEqual(light(incident, "2026-11-28T09:29:00+08:00"), .yellow, "the community's ack window warned")
        events += fire(through: F.time("2026-11-28T09:30:00+08:00"), &incident)
        XCTAssertEqual(incident.tier, .street)
        XCTAssertEqual(incident.timers.warned, false, "a fresh window at the street")
        XCTAssertEqual(light(incident, "2026-11-28T09:31:00+08:00"), .red, "red survives the escalation")
        events += fire(through: F.time("2026-11-28T10:00:00+08:00"), &incident)
        XCTAssertEqual(incident.tier, .district)
        XCTAssertEqual(incident.timers.missedWindows, 2)
        incident = try lifecycle.apply(.acknowledge, to: incident, by: F.operatorActor, note: nil, now: F.time("2026-11-28T10:10:00+08:00")).incident
        XCTAssertEqual(light(incident, "2026-11-28T10:11:00+08:00"), .red, "acknowledged in time at the district: still red")
        let resolved = try lifecycle.apply(.resolve, to: incident, by: F.operatorActor, note: nil, now: F.time("2026-11-28T13:40:00+08:00"))
        XCTAssertNil(CaseLight.of(resolved.incident, at: F.time("2026-11-28T13:41:00+08:00")), "resolved: no light")
        XCTAssertEqual(resolved.events[0].detail["on_time"], true, "within the district's resolve window")
        XCTAssertEqual(resolved.events[0].detail["case_on_time"], false, "past the case deadline of 13:30")
        XCTAssertEqual(resolved.incident.timers.caseDueAt, F.time("2026-11-28T13:30:00+08:00"), "escalation never moved it")

        let misses = events.filter { $0.kind == .overdue }
        XCTAssertEqual(misses.map(\.unit.rawValue), ["320506002001", "320506002"])
        XCTAssertEqual(misses.map { $0.detail["charged_unit"] }, ["320506002001", "320506002"])
        XCTAssertEqual(misses.map { $0.detail["charged_tier"] }, ["community", "street"])
        XCTAssertEqual(misses.map(\.due), [F.time("2026-11-28T09:30:00+08:00"), F.time("2026-11-28T10:00:00+08:00")])
        XCTAssertEqual(events.map(\.kind), [.warning, .overdue, .escalated, .warning, .overdue, .escalated])

        let derived = CaseWindows.from(events: events + resolved.events)
        XCTAssertEqual(derived.charges.map(\.unit.rawValue), ["320506002001", "320506002"])
        XCTAssertEqual(derived.charges.map(\.window), [.ack, .ack])
    }

    func testCaseWindowsOfATimeline() throws {
        var incident = F.open(policy: climbing, at: "2026-11-28T09:00:00+08:00")
        let opened = IncidentEvent(
            kind: .dispatched, at: F.time("2026-11-28T09:00:00+08:00"), tier: .community, unit: incident.unit, actor: F.reporter,
            detail: ["ack_due": .string(incident.timers.dueAt!.description)])
        var events = [opened] + fire(through: F.time("2026-11-28T09:45:00+08:00"), &incident)
        let ack = try lifecycle.apply(.acknowledge, to: incident, by: F.operatorActor, note: nil, now: F.time("2026-11-28T09:50:00+08:00"))
        let resolve = try lifecycle.apply(.resolve, to: ack.incident, by: F.operatorActor, note: nil, now: F.time("2026-11-28T11:00:00+08:00"))
        events += ack.events + resolve.events
        let windows = CaseWindows.from(events: events).windows
        XCTAssertEqual(windows.map(\.tier), [.community, .street, .street])
        XCTAssertEqual(windows.map(\.window), [.ack, .ack, .resolve])
        XCTAssertEqual(windows.map(\.outcome), [.missed, .met, .met])
        XCTAssertEqual(windows.map(\.due), [
            F.time("2026-11-28T09:30:00+08:00"), F.time("2026-11-28T10:00:00+08:00"), F.time("2026-11-28T13:50:00+08:00"),
        ])
        XCTAssertEqual(windows[1].started, F.time("2026-11-28T09:30:00+08:00"), "counted from when the missed one fell due")
        XCTAssertEqual(windows.map(\.ended), [
            F.time("2026-11-28T09:30:00+08:00"), F.time("2026-11-28T09:50:00+08:00"), F.time("2026-11-28T11:00:00+08:00"),
        ])

        // A trail from before 超期 events: the escalation ends the window, the migrated event
        // (appended at the end) only charges.
        var migrated = events.filter { $0.kind != .overdue }
        migrated.append(IncidentEvent(
            kind: .overdue, at: F.time("2026-11-28T09:30:00+08:00"), tier: .community, unit: incident.placement.community!,
            actor: .system, due: F.time("2026-11-28T09:30:00+08:00"),
            detail: ["window": "ack", "charged_unit": "320506002001", "charged_tier": "community", "migrated": true]))
        XCTAssertEqual(CaseWindows.from(events: migrated), CaseWindows.from(events: events))
    }

    func testLightsByTheCaseDeadlineAlone() throws {
        var policy = climbing
        policy.caseWindow = .calendar(40 * minute)  // warning at 32 min
        var incident = F.open(policy: policy, at: "2026-11-28T09:00:00+08:00")
        incident = try lifecycle.apply(.acknowledge, to: incident, by: F.reporter, note: nil, now: F.time("2026-11-28T09:10:00+08:00")).incident
        XCTAssertEqual(light(incident, "2026-11-28T09:20:00+08:00"), .green)
        XCTAssertEqual(light(incident, "2026-11-28T09:33:00+08:00"), .yellow, "the case deadline's warning")
        XCTAssertEqual(light(incident, "2026-11-28T09:40:00+08:00"), .red, "the case deadline, no window missed")
        XCTAssertEqual(incident.timers.missedWindows, 0)
        let deferred = try lifecycle.apply(.defer, to: incident, by: F.reporter, note: "等待物业配合", now: F.time("2026-11-28T09:45:00+08:00"))
        XCTAssertEqual(light(deferred.incident, "2026-11-28T10:00:00+08:00"), .paused, "paused while deferred, even when red")
        let resumed = try lifecycle.apply(.resume, to: deferred.incident, by: F.reporter, note: nil, now: F.time("2026-11-28T11:00:00+08:00"))
        XCTAssertEqual(light(resumed.incident, "2026-11-28T11:00:00+08:00"), .red, "a deferral does not move the case deadline")
        XCTAssertNil(CaseLight.of(state: .closed, timers: resumed.incident.timers, at: F.time("2026-11-28T11:00:00+08:00")))
    }

    func testAMissAtTheTopTierIsChargedAndReminded() {
        var incident = F.open(policy: F.urgentPolicy, startTier: .street, at: "2026-11-28T23:00:00+08:00")
        let events = fire(through: F.time("2026-11-29T00:30:00+08:00"), &incident)
        let top = events.filter { $0.kind == .overdue }.last
        XCTAssertEqual(top?.tier, .city)
        XCTAssertEqual(top?.detail["charged_unit"], "320500")
        XCTAssertEqual(top?.detail["next_reminder"], .string("2026-11-29T01:30:00.000+08:00"))
        XCTAssertEqual(incident.timers.missedWindows, 3)
        XCTAssertTrue(incident.timers.overdue)
    }

    /// Since issue 14 it is charged to the verifying unit (here, without inspectors, the city's
    /// centre), never to the unit that handled the case (`VerificationTests`).
    func testAMissedVerificationChargesTheVerifierNotTheHandler() throws {
        var incident = try lifecycle.apply(.acknowledge, to: F.open(), by: F.reporter, note: nil, now: F.time("2026-11-30T09:30:00+08:00")).incident
        incident = try lifecycle.apply(.resolve, to: incident, by: F.reporter, note: nil, now: F.time("2026-11-30T10:00:00+08:00")).incident
        let events = fire(through: F.time("2026-12-02T10:00:00+08:00"), &incident)
        let missed = try XCTUnwrap(events.first { $0.kind == .overdue })
        XCTAssertEqual(missed.detail["window"], "verify")
        XCTAssertEqual(missed.detail["charged_unit"], "320500")
        XCTAssertEqual(incident.timers.missedWindows, 0)
        XCTAssertEqual(CaseWindows.from(events: events).charges.map(\.window), [.verify])
    }

    func testExtendMovesTheCaseDeadlineAndTheRunningWindow() throws {
        let incident = F.open(policy: climbing, at: "2026-11-28T09:00:00+08:00")
        let step = try lifecycle.apply(.extend(.calendar(2 * hour)), to: incident, by: F.operatorActor, note: "延期", now: F.time("2026-11-28T09:10:00+08:00"))
        XCTAssertEqual(step.incident.timers.caseDueAt, F.time("2026-11-28T15:30:00+08:00"))
        XCTAssertEqual(step.incident.timers.caseWarnAt, incident.timers.caseWarnAt?.adding(milliseconds: 2 * hour))
        XCTAssertEqual(step.incident.timers.dueAt, F.time("2026-11-28T11:30:00+08:00"), "the running ack window too")
        XCTAssertEqual(step.incident.timers.warnAt, F.time("2026-11-28T11:24:00+08:00"))
        let event = try XCTUnwrap(step.events.first)
        XCTAssertEqual(event.kind, .extended)
        XCTAssertEqual(event.detail["by"], "2h")
        XCTAssertEqual(event.detail["case_due_from"], .string("2026-11-28T13:30:00.000+08:00"))
        XCTAssertEqual(event.detail["case_due_to"], .string("2026-11-28T15:30:00.000+08:00"))
        XCTAssertEqual(event.detail["next_due"], .string("2026-11-28T11:30:00.000+08:00"))
        XCTAssertEqual(step.incident.version, incident.version + 1)

        // Working time, as written: 1 wd from Tuesday 11:00 is Wednesday 11:00.
        let working = try lifecycle.apply(.extend(.workingDays(1)), to: F.open(), by: F.operatorActor, note: nil, now: F.time("2026-11-30T09:30:00+08:00"))
        XCTAssertEqual(working.incident.timers.caseDueAt, F.time("2026-12-02T11:00:00+08:00"))

        XCTAssertThrowsError(try lifecycle.apply(.extend(.calendar(0)), to: incident, by: F.operatorActor, note: nil, now: F.time("2026-11-28T09:10:00+08:00")))
        XCTAssertThrowsError(try lifecycle.apply(.extend(.calendar(hour)), to: F.open(policy: .unset), by: F.operatorActor, note: nil, now: F.time("2026-11-28T09:10:00+08:00"))) {
            XCTAssertEqual(($0 as? GridError)?.code, .invalidState)
        }
    }

    func testExtendAfterAMissAtTheTopLeavesTheMissAndMovesOnlyTheCaseDeadline() throws {
        var incident = F.open(policy: F.urgentPolicy, startTier: .street, at: "2026-11-28T23:00:00+08:00")
        _ = fire(through: F.time("2026-11-29T00:31:00+08:00"), &incident)
        XCTAssertTrue(incident.timers.overdue)
        let due = incident.timers.dueAt
        let step = try lifecycle.apply(.extend(.calendar(hour)), to: incident, by: F.operatorActor, note: nil, now: F.time("2026-11-29T00:40:00+08:00"))
        XCTAssertEqual(step.incident.timers.dueAt, due, "a missed window stays missed")
        XCTAssertEqual(step.incident.timers.caseDueAt, incident.timers.caseDueAt?.adding(milliseconds: hour))
        XCTAssertEqual(step.incident.timers.missedWindows, 3)
        XCTAssertEqual(CaseLight.of(step.incident, at: F.time("2026-11-29T00:41:00+08:00")), .red)
    }
}
