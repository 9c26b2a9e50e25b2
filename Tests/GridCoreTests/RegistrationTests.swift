import XCTest

@testable import GridCore

/// 立案 and 不予立案 on the pure lifecycle with explicit times: a report from a waiting channel
/// stands `reported` with its register window (立案时限) running; 立案 takes the policy snapshot
/// and the case deadline then (with a corrected category and priority); a missed register window
/// is 超期 charged to the city's centre, never escalated; and the refusals.
final class RegistrationTests: XCTestCase {
    typealias F = LifecycleFixtures
    let lifecycle = LifecycleFixtures.lifecycle
    let hour = LifecycleFixtures.hour
    let minute = LifecycleFixtures.minute

    /// `[Policy] Ack=2wh Resolve=1wd Register=2h WarningAt=50%`; 0401 starts at the street.
    var config: Registration {
        var rules = EscalationPolicy.Rules(
            ack: [EscalationPolicy.Qualifier(): .working(2 * hour)], resolve: [EscalationPolicy.Qualifier(): .workingDays(1)],
            warningFraction: 0.5, reminderInterval: .calendar(hour))
        rules.registerWindow = [nil: .calendar(2 * hour)]
        let categories = CategoryCatalog([
            Category(code: "0102", name: "暴露垃圾", majorName: "市容环境"),
            Category(code: "0401", name: "占道经营", majorName: "街面秩序", startTier: .street),
        ])
        return Registration(categories: categories, policy: EscalationPolicy(defaults: rules))
    }

    /// A resident's report received Monday 09:00, waiting for 立案.
    func received(at text: String = "2026-11-30T09:00:00+08:00") -> (Incident, IncidentEvent) {
        let category = config.categories["0102"]!
        let report = Report(category: "0102", place: .cell(F.cell.rawValue), channel: .resident)
        var (incident, event) = lifecycle.open(
            report: report, placement: .inCell(F.cell, method: .cell), category: category,
            policy: config.policy.snapshot(category: category, priority: .normal), now: F.time(text), actor: F.reporter,
            source: .socket, waits: true)
        incident.id = 9
        return (incident, event)
    }

    func testAWaitingReportStandsReportedWithItsRegisterWindow() {
        let (incident, event) = received()
        XCTAssertEqual(incident.state, .reported)
        XCTAssertEqual(incident.channel, .resident)
        XCTAssertNil(incident.registeredAt)
        XCTAssertNil(incident.timers.caseDueAt, "the case deadline is taken at 立案")
        XCTAssertEqual(incident.timers.window, .register)
        XCTAssertEqual(incident.timers.dueAt, F.time("2026-11-30T11:00:00+08:00"), "Register=2h from receipt")
        XCTAssertEqual(incident.timers.warnAt, F.time("2026-11-30T10:00:00+08:00"))
        XCTAssertEqual(event.kind, .reported)
        XCTAssertEqual(event.detail["register_due"], .string("2026-11-30T11:00:00.000+08:00"))
        XCTAssertEqual(event.detail["register_unit"], "320500")
        XCTAssertEqual(CaseLight.of(incident, at: incident.createdAt), .green)
        XCTAssertEqual(F.open().registeredAt, F.time("2026-11-30T09:00:00+08:00"), "registered at once otherwise")
    }

    func testRegisteringTakesTheSnapshotAndTheCaseDeadlineThenWithTheCorrection() throws {
        let (incident, _) = received()
        var registration = config
        registration.category = "0401"
        registration.priority = .urgent
        let now = F.time("2026-11-30T10:30:00+08:00")
        let step = try lifecycle.apply(.register(registration), to: incident, by: F.operatorActor, note: nil, now: now)
        let next = step.incident
        XCTAssertEqual(next.state, .dispatched)
        XCTAssertEqual(next.category, "0401")
        XCTAssertEqual(next.priority, .urgent)
        XCTAssertEqual(next.tier, .street, "0401 starts at the street")
        XCTAssertEqual(next.unit, F.cell.community.parent)
        XCTAssertEqual(next.registeredAt, now)
        XCTAssertEqual(next.policy, registration.policy.snapshot(category: registration.categories["0401"]!, priority: .urgent))
        XCTAssertEqual(next.timers.window, .ack)
        XCTAssertEqual(next.timers.dueAt, try F.calendar.adding(.working(2 * hour), to: now), "2wh of the street from 立案")
        XCTAssertEqual(next.timers.caseDueAt, lifecycle.caseDeadline(policy: next.policy, startTier: .street, registeredAt: now)?.due)
        let event = try XCTUnwrap(step.events.first)
        XCTAssertEqual(step.events.map(\.kind), [.registered])
        XCTAssertEqual(event.detail["category_from"], "0102")
        XCTAssertEqual(event.detail["category"], "0401")
        XCTAssertEqual(event.detail["priority"], "urgent")
        XCTAssertEqual(event.detail["register_on_time"], true)
        XCTAssertEqual(event.actor, F.operatorActor)
        // The store writes the new snapshot: the one transition that may (PreparedTransition).
    }

    func testAMissedRegisterWindowIsChargedToTheCentreAndNeverEscalates() throws {
        var (incident, _) = received()
        var events: [IncidentEvent] = []
        while let timer = incident.timers.nextTimer, timer.at <= F.time("2026-11-30T11:30:00+08:00") {
            let step = try XCTUnwrap(lifecycle.fire(timer, on: incident, now: timer.at))
            incident = step.incident
            events += step.events
        }
        XCTAssertEqual(events.map(\.kind), [.warning, .overdue])
        let miss = events[1]
        XCTAssertEqual(miss.detail["window"], "register")
        XCTAssertEqual(miss.detail["charged_unit"], "320500")
        XCTAssertEqual(miss.detail["charged_tier"], "city")
        XCTAssertEqual(miss.unit, UnitCode("320500"))
        XCTAssertEqual(miss.due, F.time("2026-11-30T11:00:00+08:00"))
        XCTAssertEqual(incident.state, .reported)
        XCTAssertEqual(incident.tier, .community, "never escalated")
        XCTAssertEqual(incident.timers.missedWindows, 1)
        XCTAssertEqual(incident.timers.nextTimer, PendingTimer(kind: .reminder, at: F.time("2026-11-30T12:00:00+08:00")))
        XCTAssertEqual(CaseLight.of(incident, at: F.time("2026-11-30T11:00:00+08:00")), .red, "on the 超期 list")
        XCTAssertEqual(CaseWindows.from(events: [received().1] + events).charges.map(\.window), [.register])

        let step = try lifecycle.apply(.register(config), to: incident, by: F.operatorActor, note: nil, now: F.time("2026-11-30T13:00:00+08:00"))
        XCTAssertEqual(step.events.first?.detail["register_on_time"], false)
        XCTAssertFalse(step.incident.timers.overdue, "the ack window runs, not reminders")
        XCTAssertEqual(step.incident.timers.missedWindows, 1, "a late case stays late")
    }

    func testRejectingIsFinalAndNeedsAReason() throws {
        let (incident, _) = received()
        XCTAssertThrowsError(try lifecycle.apply(.reject, to: incident, by: F.operatorActor, note: nil, now: incident.createdAt)) {
            XCTAssertEqual(($0 as? GridError)?.code, .missingField)
        }
        let step = try lifecycle.apply(.reject, to: incident, by: F.operatorActor, note: "不属于受理范围", now: incident.createdAt)
        XCTAssertEqual(step.incident.state, .rejected)
        XCTAssertFalse(step.incident.state.isOpen)
        XCTAssertNil(step.incident.timers.nextTimer)
        XCTAssertEqual(step.events.map(\.kind), [.rejected])
        XCTAssertEqual(step.events.first?.note, "不属于受理范围")
    }

    func testRefusals() throws {
        let (incident, _) = received()
        let dispatched = F.open()
        func code(_ command: LifecycleCommand, _ on: Incident, note: String? = nil) -> GridError.Code? {
            do {
                _ = try lifecycle.apply(command, to: on, by: F.operatorActor, note: note, now: on.createdAt)
                return nil
            } catch { return error.code }
        }
        XCTAssertEqual(code(.register(config), dispatched), .invalidState, "only a waiting report is registered")
        XCTAssertEqual(code(.reject, dispatched, note: "x"), .invalidState)
        XCTAssertEqual(code(.acknowledge, incident), .invalidState, "register it first")
        var unknown = config
        unknown.category = "0999"
        XCTAssertEqual(code(.register(unknown), incident), .unknownCategory)

        let worker: Set<Role> = [.worker(F.cell.community)]
        XCTAssertThrowsError(try Authority.check(.register(config), on: incident, by: F.reporter, roles: worker)) {
            XCTAssertEqual(($0 as? GridError)?.code, .permissionDenied)
            XCTAssertTrue("\($0)".contains("rule: 立案 (register) and 不予立案 (reject) are for operators"), "\($0)")
        }
        XCTAssertThrowsError(try Authority.check(.reject, on: incident, by: F.reporter, roles: worker))
        XCTAssertNoThrow(try Authority.check(.register(config), on: incident, by: F.operatorActor, roles: [.operator]))
    }

    func testWithoutRegisterThereIsNoRegisterWindow() {
        let category = config.categories["0102"]!
        var policy = config.policy.snapshot(category: category, priority: .normal)
        policy.registerWindow = nil
        let (incident, event) = lifecycle.open(
            report: Report(category: "0102", place: .cell(F.cell.rawValue), channel: .hotline),
            placement: .inCell(F.cell, method: .cell), category: category, policy: policy, now: F.time("2026-11-30T09:00:00+08:00"),
            actor: F.reporter, source: .socket, waits: true)
        XCTAssertEqual(incident.state, .reported)
        XCTAssertNil(incident.timers.nextTimer)
        XCTAssertNil(event.detail["register_due"])
    }
}
