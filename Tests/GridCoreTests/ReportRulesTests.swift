import XCTest

@testable import GridCore

/// The metric definitions one incident at a time (`ReportRules`), on the hand-built data set of
/// `ReportFixtures` for June 2026: what each incident counts for, as docs/REPORTS.md lists it.
final class ReportRulesTests: XCTestCase {
    private let hour = ReportFixtures.hour
    private let minute = ReportFixtures.minute

    private func outcomes() -> [Int64: IncidentOutcome] {
        let index = WorkingTimeIndex(calendar: ReportFixtures.calendar, from: ReportFixtures.time("2026-03-01 00:00"), to: ReportFixtures.june.to)
        var result: [Int64: IncidentOutcome] = [:]
        for facts in ReportFixtures.dataSet() {
            result[facts.id] = ReportRules.evaluate(facts, range: ReportFixtures.june, workingTime: index, now: ReportFixtures.now)
        }
        return result
    }

    /// Whether the outcome counts the incident anywhere in the report.
    private func countsForAnything(_ outcome: IncidentOutcome) -> Bool {
        var counted = outcome
        counted.dueDate = nil
        return counted != IncidentOutcome()
    }

    private func ids(_ outcomes: [Int64: IncidentOutcome], _ flag: (IncidentOutcome) -> Bool) -> [Int64] {
        outcomes.filter { flag($0.value) }.keys.sorted()
    }

    func testWhichIncidentsCountForWhat() {
        let all = outcomes()
        // Received: created in June (7 in May and 12 in April are not).
        XCTAssertEqual(ids(all) { $0.received }, [1, 2, 3, 4, 5, 6, 8, 9, 10, 11])
        XCTAssertEqual(ids(all) { $0.cancelled }, [6])
        // Closed: the closed event in June (7 was reported in May; 11 closed in July).
        XCTAssertEqual(ids(all) { $0.closed }, [1, 2, 3, 7, 9])
        XCTAssertEqual(ids(all) { $0.reworked }, [3])
        // Due: the due date in June. 7 was due in May (its deadline), 10 is due in July, 6 never.
        XCTAssertEqual(ids(all) { $0.due }, [1, 2, 3, 4, 5, 8, 9, 11])
        XCTAssertEqual(ids(all) { $0.deferred }, [5])
        // Closed of due: closed before 1 July (11 closed on 3 July).
        XCTAssertEqual(ids(all) { $0.closedOfDue }, [1, 2, 3, 9])
        // On time: 2 was resolved after its deadline.
        XCTAssertEqual(ids(all) { $0.closedOnTime }, [1, 3, 9])
        XCTAssertFalse(countsForAnything(all[12]!), "an incident of April counts for nothing in June")
    }

    func testDueDateIsTheDeadlineOrAnEarlierClose() {
        let facts = Dictionary(uniqueKeysWithValues: ReportFixtures.dataSet().map { ($0.id, $0) })
        let calendar = ReportFixtures.calendar
        func due(_ id: Int64) -> Timestamp? { ReportRules.dueDate(of: facts[id]!, calendar: calendar) }
        let time = ReportFixtures.time
        XCTAssertEqual(due(1), time("2026-06-01 17:00"), "closed before its deadline: the close")
        XCTAssertEqual(due(2), time("2026-06-04 17:00"), "closed after its deadline: the deadline")
        XCTAssertEqual(due(3), time("2026-06-09 17:00"))
        XCTAssertEqual(ReportRules.closeDeadline(of: facts[3]!, calendar: calendar), time("2026-06-11 09:00"),
            "the deadline of the last resolve")
        XCTAssertEqual(due(4), time("2026-06-12 09:00"), "being handled: the end of the running window")
        XCTAssertEqual(due(5), time("2026-06-15 17:30"), "deferred at 11:00 with 4 wh left: 1 h before lunch, 3 h after")
        XCTAssertNil(due(6), "cancelled: never due")
        XCTAssertEqual(due(7), time("2026-05-29 10:00"))
        XCTAssertEqual(due(8), time("2026-06-23 09:00"), "missed at the top tier: the missed deadline")
        XCTAssertEqual(due(9), time("2026-06-30 10:00"))
        XCTAssertEqual(due(10), time("2026-07-01 09:30"))
        XCTAssertEqual(due(11), time("2026-06-26 09:30"))
    }

    func testSpansInCalendarAndWorkingTime() {
        let all = outcomes()
        func ack(_ id: Int64) -> ElapsedTime? { all[id]?.timeToAcknowledge }
        func resolve(_ id: Int64) -> ElapsedTime? { all[id]?.timeToResolve }
        XCTAssertEqual(ack(1), ElapsedTime(calendarMilliseconds: 30 * minute, workingMilliseconds: 30 * minute))
        // 10:00 → 17:00: 2 h before lunch, 2.5 h after.
        XCTAssertEqual(ack(2), ElapsedTime(calendarMilliseconds: 7 * hour, workingMilliseconds: 270 * minute))
        // Wednesday 09:00 → Thursday 09:00: 6.5 wh on Wednesday, 08:30–09:00 on Thursday.
        XCTAssertEqual(ack(4), ElapsedTime(calendarMilliseconds: 24 * hour, workingMilliseconds: 7 * hour))
        XCTAssertNil(ack(7), "acknowledged in May")
        XCTAssertNil(ack(8), "never acknowledged")
        XCTAssertEqual(ack(11), ElapsedTime(calendarMilliseconds: 30 * minute, workingMilliseconds: 30 * minute))
        // 09:00 → 15:00: 3 h before lunch, 30 min after.
        XCTAssertEqual(resolve(1), ElapsedTime(calendarMilliseconds: 6 * hour, workingMilliseconds: 210 * minute))
        // Tuesday 10:00 → Friday 10:00: 5.5 + 7 + 7 + 1.5 wh.
        XCTAssertEqual(resolve(2), ElapsedTime(calendarMilliseconds: 72 * hour, workingMilliseconds: 21 * hour))
        // The last resolve counts: Monday 09:00 → Tuesday 16:00.
        XCTAssertEqual(resolve(3), ElapsedTime(calendarMilliseconds: 31 * hour, workingMilliseconds: 690 * minute))
        // Thursday 28 May 09:00 → Monday 1 June 10:00, over a weekend: 6.5 + 7 + 0 + 0 + 1.5 wh.
        XCTAssertEqual(resolve(7), ElapsedTime(calendarMilliseconds: 97 * hour, workingMilliseconds: 15 * hour))
        XCTAssertNil(resolve(11), "resolved in July")
    }

    func testLightsNow() {
        let all = outcomes()
        XCTAssertEqual(all[4]?.light, .yellow)
        XCTAssertEqual(all[5]?.light, .paused)
        XCTAssertEqual(all[8]?.light, .red)
        XCTAssertEqual(all[10]?.light, .green)
        XCTAssertNil(all[1]?.light, "closed: not open")
        XCTAssertNil(all[6]?.light, "cancelled: not open")
    }

    func testEventsInAnyOrderGiveTheSameFacts() {
        let range = ReportFixtures.june
        let events: [(IncidentEvent.Kind, Timestamp, Tier, Timestamp?)] = [
            (.acknowledged, ReportFixtures.time("2026-06-08 09:10"), .community, nil),
            (.resolved, ReportFixtures.time("2026-06-08 11:00"), .community, ReportFixtures.time("2026-06-10 09:10")),
            (.escalated, ReportFixtures.time("2026-06-08 09:05"), .street, nil),
            (.acknowledged, ReportFixtures.time("2026-06-09 08:00"), .street, nil),
            (.resolved, ReportFixtures.time("2026-06-09 16:00"), .community, ReportFixtures.time("2026-06-11 09:00")),
            (.escalated, ReportFixtures.time("2026-05-30 09:05"), .district, nil),
        ]
        var forward = IncidentEventFacts()
        var backward = IncidentEventFacts()
        for event in events { forward.absorb(event.0, tier: event.2, at: event.1, resolveDue: event.3, range: range) }
        for event in events.reversed() { backward.absorb(event.0, tier: event.2, at: event.1, resolveDue: event.3, range: range) }
        XCTAssertEqual(forward, backward)
        XCTAssertEqual(forward.firstAcknowledgedAt, ReportFixtures.time("2026-06-08 09:10"))
        XCTAssertEqual(forward.lastResolveDue, ReportFixtures.time("2026-06-11 09:00"))
        XCTAssertEqual(forward.escalations(to: .street), 1)
        XCTAssertEqual(forward.escalations(to: .district), 0, "the escalation of 30 May is outside the range")
    }

    func testGroupIsThePlacementAtTheLevelOrTheLowestUnitAbove() {
        let facts = ReportFixtures.dataSet()[0]
        XCTAssertEqual(ReportRules.group(of: facts, at: .community), ReportFixtures.a)
        XCTAssertEqual(ReportRules.group(of: facts, at: .street), UnitCode("320506002"))
        XCTAssertEqual(ReportRules.group(of: facts, at: .district), UnitCode("320506"))
        var fallback = facts
        fallback.community = nil  // routed to a street by the fallback
        XCTAssertEqual(ReportRules.group(of: fallback, at: .community), UnitCode("320506002"))
        fallback.street = nil
        fallback.district = nil
        fallback.unit = UnitCode("320500")!
        XCTAssertEqual(ReportRules.group(of: fallback, at: .community), UnitCode("320500"), "a city fallback: the city")
    }

    func testMayCountIsWhatTheStoreSelects() {
        let june = ReportFixtures.june
        let time = ReportFixtures.time
        XCTAssertTrue(ReportRules.mayCount(state: .dispatched, createdAt: time("2025-01-01 09:00"), updatedAt: time("2025-01-01 09:00"), range: june),
            "open: its light counts now")
        XCTAssertFalse(ReportRules.mayCount(state: .closed, createdAt: time("2026-04-01 09:00"), updatedAt: time("2026-04-02 09:00"), range: june))
        XCTAssertTrue(ReportRules.mayCount(state: .closed, createdAt: time("2026-05-28 09:00"), updatedAt: time("2026-06-01 12:00"), range: june))
        XCTAssertFalse(ReportRules.mayCount(state: .cancelled, createdAt: time("2026-07-02 09:00"), updatedAt: time("2026-07-02 10:00"), range: june),
            "created after the range and no longer open")
        // Every incident of the data set that counts for something may count.
        let index = WorkingTimeIndex(calendar: ReportFixtures.calendar, from: june.from, to: june.to)
        for facts in ReportFixtures.dataSet() where countsForAnything(ReportRules.evaluate(facts, range: june, workingTime: index, now: ReportFixtures.now)) {
            let lastEvent = [facts.events.closedAt, facts.events.lastResolvedAt, facts.createdAt].compactMap { $0 }.max()!
            XCTAssertTrue(ReportRules.mayCount(state: facts.state, createdAt: facts.createdAt, updatedAt: lastEvent, range: june), "incident \(facts.id)")
        }
    }
}
