import GridFixtures
import XCTest

@testable import GridCore

/// The figure definitions one incident at a time (`ReportRules`), on the worked example
/// (`ReportFixtures`): what each case counts for in June and in May, as docs/REPORTS.md lists it.
final class ReportRulesTests: XCTestCase {
    private let hour = ReportFixtures.hour
    private let minute = ReportFixtures.minute

    private func outcomes() -> [Int64: IncidentOutcome] {
        let index = WorkingTimeIndex(calendar: ReportFixtures.calendar, from: ReportFixtures.time("2026-03-01 00:00"), to: WorkedExample.june.to)
        var result: [Int64: IncidentOutcome] = [:]
        for facts in ReportFixtures.allFacts {
            result[facts.id] = ReportRules.evaluate(facts, periods: ReportFixtures.periods, workingTime: index, now: ReportFixtures.now)
        }
        return result
    }

    private func ids(_ outcomes: [Int64: IncidentOutcome], _ flag: (IncidentOutcome) -> Bool) -> [Int64] {
        outcomes.filter { flag($0.value) }.keys.sorted()
    }

    func testWhichCasesCountForWhatInJune() {
        let all = outcomes()
        XCTAssertEqual(ids(all) { $0.current.received }, [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17])
        // Acknowledged or an ack window missed: all but the cancelled and the rejected one (never
        // acknowledged, nothing missed; 17's missed register window is not an ack window).
        XCTAssertEqual(ids(all) { $0.current.ackJudged }, [6, 7, 8, 9, 11, 12, 13, 14, 16, 17])
        XCTAssertEqual(ids(all) { $0.current.ackTimely }, [6, 8, 9, 11, 13, 14, 16, 17], "7 and 12 missed their ack windows")
        XCTAssertEqual(ids(all) { $0.current.closed }, [5, 6, 7, 8, 11])
        // Due: the case deadline or an earlier close in June. 5 was received in May and closed in
        // June; 14 and 17 are due in July; 10 was cancelled, 15 rejected (never registered).
        XCTAssertEqual(ids(all) { $0.current.due }, [5, 6, 7, 8, 9, 11, 12, 13, 16])
        XCTAssertEqual(ids(all) { $0.current.paused }, [9, 16], "缓办 and 挂账")
        XCTAssertEqual(ids(all) { $0.current.closedOfDue }, [5, 6, 7, 8, 11])
        // 7 was resolved within the district's window but after its case deadline.
        XCTAssertEqual(ids(all) { $0.current.closedOnTime }, [5, 6, 8, 11])
    }

    func testWhichCasesCountForWhatInMay() {
        let all = outcomes()
        XCTAssertEqual(ids(all) { $0.previous.received }, [1, 2, 3, 4, 5])
        XCTAssertEqual(ids(all) { $0.previous.ackTimely }, [1, 2, 4, 5])
        XCTAssertEqual(ids(all) { $0.previous.due }, [1, 2, 3, 4])
        XCTAssertEqual(ids(all) { $0.previous.closedOnTime }, [1, 2, 3], "4 was resolved again after its case deadline")
        XCTAssertFalse(all[14]!.previous.received || all[14]!.previous.due)
    }

    func testDueDateIsTheCaseDeadlineOrAnEarlierClose() {
        func due(_ id: Int64) -> Timestamp? { ReportRules.dueDate(of: ReportFixtures.facts(id)) }
        let time = ReportFixtures.time
        XCTAssertEqual(ReportFixtures.facts(7).caseDueAt, time("2026-06-03 11:00"), "26 h from registration; escalation never moved it")
        XCTAssertEqual(due(6), time("2026-06-01 17:00"), "closed before its case deadline: the close")
        XCTAssertEqual(due(7), time("2026-06-03 11:00"), "closed after it: the case deadline")
        XCTAssertEqual(due(5), time("2026-06-01 11:00"))
        XCTAssertEqual(due(9), time("2026-06-11 11:00"), "deferred: the case deadline all the same")
        XCTAssertNil(due(10), "cancelled: never due")
        XCTAssertEqual(due(12), time("2026-06-25 11:00"), "open: the case deadline")
        XCTAssertEqual(due(14), time("2026-07-01 18:00"))
        var noDeadline = ReportFixtures.facts(6)
        noDeadline.caseDueAt = nil
        XCTAssertNil(ReportRules.dueDate(of: noDeadline), "a case without a case deadline is never due")
    }

    /// The case: escalated twice, resolved at the district within the district's own
    /// window but past the case deadline — not 按期, where judging it by the resolving tier's
    /// window (`on_time` of its resolve) would have made it on time.
    func testEscalatedTwiceAndResolvedInTheDistrictsWindowIsNotOnTime() {
        let (incident, events) = ReportFixtures.played[6]
        XCTAssertEqual(events.filter { $0.kind == .escalated }.map(\.tier), [.street, .district])
        let resolve = events.last { $0.kind == .resolved }!
        XCTAssertEqual(resolve.tier, .district)
        XCTAssertEqual(resolve.detail["on_time"], true, "within the district's own resolve window")
        XCTAssertEqual(resolve.detail["case_on_time"], false)
        XCTAssertEqual(incident.timers.missedWindows, 2)
        XCTAssertFalse(ReportRules.resolvedByCaseDeadline(ReportFixtures.facts(7)))
        XCTAssertTrue(ReportRules.resolvedByCaseDeadline(ReportFixtures.facts(5)))
    }

    func testSpansInCalendarAndWorkingTime() {
        let all = outcomes()
        func ack(_ id: Int64) -> ElapsedTime? { all[id]?.timeToAcknowledge }
        func resolve(_ id: Int64) -> ElapsedTime? { all[id]?.timeToResolve }
        XCTAssertEqual(ack(6), ElapsedTime(calendarMilliseconds: 30 * minute, workingMilliseconds: 30 * minute))
        // 09:00 → 14:00, acknowledged at the district during the lunch break: 3 working hours.
        XCTAssertEqual(ack(7), ElapsedTime(calendarMilliseconds: 5 * hour, workingMilliseconds: 3 * hour))
        XCTAssertNil(ack(5), "acknowledged in May")
        XCTAssertNil(ack(12), "never acknowledged")
        // Tuesday 09:00 → Wednesday 12:00: 6.5 + 3.5 working hours.
        XCTAssertEqual(resolve(7), ElapsedTime(calendarMilliseconds: 27 * hour, workingMilliseconds: 10 * hour))
        // The last resolve counts: Monday 09:00 → Tuesday 10:30.
        XCTAssertEqual(resolve(8), ElapsedTime(calendarMilliseconds: 25 * hour + 30 * minute, workingMilliseconds: 8 * hour + 30 * minute))
        // Sunday 10:00 → Monday 10:00: Sunday is not a working day.
        XCTAssertEqual(resolve(5), ElapsedTime(calendarMilliseconds: 24 * hour, workingMilliseconds: 90 * minute))
        XCTAssertNil(resolve(1), "resolved in May")
    }

    func testLightsNow() {
        let all = outcomes()
        XCTAssertEqual(all[9]?.light, .paused)
        XCTAssertEqual(all[12]?.light, .red)
        XCTAssertEqual(all[14]?.light, .green)
        XCTAssertNil(all[13]?.light, "resolved: nothing owed by a handling unit")
        XCTAssertNil(all[10]?.light, "cancelled")
    }

    func testEventsInAnyOrderGiveTheSameFacts() {
        let periods = ReportFixtures.periods
        for (_, events) in ReportFixtures.played {
            var forward = IncidentEventFacts()
            var backward = IncidentEventFacts()
            var halves = (IncidentEventFacts(), IncidentEventFacts())
            for (index, event) in events.enumerated() {
                forward.absorb(ReportEvent(event), periods: periods)
                if index % 2 == 0 { halves.0.absorb(ReportEvent(event), periods: periods) } else { halves.1.absorb(ReportEvent(event), periods: periods) }
            }
            for event in events.reversed() { backward.absorb(ReportEvent(event), periods: periods) }
            halves.1.merge(halves.0)
            XCTAssertEqual(forward, backward)
            XCTAssertEqual(forward, halves.1, "merged parts")
        }
        let escalatedTwice = ReportFixtures.facts(7).events
        XCTAssertEqual(escalatedTwice.current.escalations(to: .street), 1)
        XCTAssertEqual(escalatedTwice.current.overdue(chargedAtOrBelow: .community), 1, "桃源社区's own miss")
        XCTAssertEqual(escalatedTwice.current.overdue(chargedAtOrBelow: .city), 2, "and 清河街道's")
        XCTAssertEqual(escalatedTwice.firstAckMissAt, ReportFixtures.time("2026-06-02 11:00"))
    }

    func testAMissedVerificationChargesNobody() {
        let periods = ReportFixtures.periods
        var facts = IncidentEventFacts()
        let at = ReportFixtures.time("2026-06-05 10:00")
        facts.absorb(ReportEvent(.overdue, at: at, tier: .community, due: at, window: .verify), periods: periods)
        XCTAssertEqual(facts.current.overdue(chargedAtOrBelow: .city), 0, "before schema 5: no charged_unit")
        facts.absorb(ReportEvent(.overdue, at: at, tier: .community, due: at, window: .resolve), periods: periods)
        XCTAssertEqual(facts.current.overdue(chargedAtOrBelow: .city), 1)
        XCTAssertNil(facts.firstAckMissAt, "a missed resolve window is not a late acknowledgement")
    }

    /// Since schema 5 a missed 核查 names the verifier's unit, and a missed 立案 window the city's
    /// centre: both are 超期 of the unit charged, in the territory rows (by the tier charged) and
    /// in the responsible-unit view.
    func testMissedVerifyAndRegisterWindowsAreOverdueOfTheUnitCharged() {
        let periods = ReportFixtures.periods
        let at = ReportFixtures.time("2026-06-05 10:00")
        let verify = ReportEvent(
            .overdue, at: at, tier: .street, due: at, window: .verify, chargedUnit: WorkedExample.taoyuan, chargedTier: .community)
        let register = ReportEvent(
            .overdue, at: at, tier: .community, due: at, window: .register, chargedUnit: WorkedExample.city, chargedTier: .city)
        var facts = IncidentEventFacts()
        facts.absorb(verify, periods: periods)
        facts.absorb(register, periods: periods)
        XCTAssertEqual(facts.current.overdue(chargedAtOrBelow: .community), 1, "the verifier's community")
        XCTAssertEqual(facts.current.overdue(chargedAtOrBelow: .district), 1, "the centre's miss is above a district")
        XCTAssertEqual(facts.current.overdue(chargedAtOrBelow: .city), 2)
        XCTAssertNil(facts.firstAckMissAt)
        var tally = ResponsibleUnitTally()
        for event in [verify, register] { tally.add(event, unit: WorkedExample.qingheStreet, period: .current) }
        XCTAssertEqual(tally.units[WorkedExample.taoyuan]?.current, WindowCounts(overdue: 1))
        XCTAssertEqual(tally.units[WorkedExample.city]?.current, WindowCounts(overdue: 1))
        XCTAssertNil(tally.units[WorkedExample.qingheStreet])
    }

    /// 立案 counts by event (a `registered`, or a `dispatched` at receipt), judged for 及时立案 only
    /// when it had a register window; 回访 satisfied and basic are 满意.
    func testLoopEventsCountInTheirPeriod() throws {
        let periods = ReportFixtures.periods
        let june = ReportFixtures.time("2026-06-05 10:00"), may = ReportFixtures.time("2026-05-05 10:00")
        let actor = Actor(uid: 0, name: "gridd")
        func event(_ kind: IncidentEvent.Kind, _ at: Timestamp, _ detail: JSONObject = JSONObject()) -> ReportEvent {
            ReportEvent(IncidentEvent(kind: kind, at: at, tier: .community, unit: WorkedExample.taoyuan, actor: actor, detail: detail))
        }
        var facts = IncidentEventFacts()
        for reported in [
            event(.dispatched, june), event(.registered, june, ["register_on_time": true]),
            event(.registered, june, ["register_on_time": false]), event(.registered, june), event(.registered, may),
            event(.rejected, june), event(.supervised, june), event(.supervised, june), event(.escalatedByHand, june),
            event(.visited, june, ["result": "satisfied"]), event(.visited, june, ["result": "basic"]),
            event(.visited, june, ["result": "unsatisfied"]), event(.visited, may, ["result": "satisfied"]),
        ] {
            facts.absorb(reported, periods: periods)
        }
        let counts = facts.current
        XCTAssertEqual([counts.registered, counts.registerJudged, counts.registerTimely, counts.rejected], [4, 2, 1, 1])
        XCTAssertEqual([counts.supervised, counts.escalatedByHand, counts.visits, counts.visitsSatisfied], [2, 1, 3, 2])
        XCTAssertEqual([facts.previous.registered, facts.previous.visits, facts.previous.visitsSatisfied], [1, 1, 1])
        XCTAssertEqual(counts.escalations(to: .street), 0, "主动上报 is not 超时上报")
    }

    func testGroupIsThePlacementAtTheLevelOrTheLowestUnitAbove() {
        let facts = ReportFixtures.facts(6)
        XCTAssertEqual(ReportRules.group(of: facts, at: .community), WorkedExample.taoyuan)
        XCTAssertEqual(ReportRules.group(of: facts, at: .street), WorkedExample.qingheStreet)
        XCTAssertEqual(ReportRules.group(of: facts, at: .district), WorkedExample.qingheDistrict)
        var fallback = facts
        fallback.community = nil  // routed to a street by the fallback
        XCTAssertEqual(ReportRules.group(of: fallback, at: .community), WorkedExample.qingheStreet)
        fallback.street = nil
        fallback.district = nil
        fallback.unit = UnitCode("320500")!
        XCTAssertEqual(ReportRules.group(of: fallback, at: .community), UnitCode("320500"), "a city fallback: the city")
    }

    func testMayCountIsWhatTheStoreSelects() {
        let span = ReportFixtures.periods.span
        let time = ReportFixtures.time
        XCTAssertTrue(ReportRules.mayCount(state: .dispatched, createdAt: time("2025-01-01 09:00"), updatedAt: time("2025-01-01 09:00"), range: span),
            "open: its light counts now")
        XCTAssertFalse(ReportRules.mayCount(state: .closed, createdAt: time("2026-04-01 09:00"), updatedAt: time("2026-04-02 09:00"), range: span))
        XCTAssertTrue(ReportRules.mayCount(state: .closed, createdAt: time("2026-04-28 09:00"), updatedAt: time("2026-05-01 12:00"), range: span),
            "closed in the previous period: it counts there")
        XCTAssertFalse(ReportRules.mayCount(state: .cancelled, createdAt: time("2026-07-02 09:00"), updatedAt: time("2026-07-02 10:00"), range: span))
        XCTAssertFalse(ReportRules.mayCount(state: .rejected, createdAt: time("2026-04-01 09:00"), updatedAt: time("2026-04-01 10:00"), range: span),
            "rejected (不予立案) before the range: final, like a close")
        for (incident, events) in ReportFixtures.played {
            XCTAssertTrue(ReportRules.mayCount(state: incident.state, createdAt: incident.createdAt, updatedAt: events.last!.at, range: span),
                "case \(incident.id)")
        }
    }
}
