import XCTest

@testable import GridCore

/// The hand-built data set of the report tests and of docs/REPORTS.md ("Worked example"): twelve
/// incidents in two communities, reported for June 2026 (Asia/Shanghai, office hours 08:30–12:00
/// and 14:30–18:00, Saturday and Sunday off, no holidays). Times are local (+08:00).
enum ReportFixtures {
    static let calendar = try! WorkingCalendar()
    /// 桃源社区 and 花园社区 of the sample map.
    static let a = UnitCode("320506002001")!
    static let b = UnitCode("320506001001")!
    static let june = ReportRange(from: time("2026-06-01 00:00"), to: time("2026-07-01 00:00"))
    /// When the fixtures' reports are made (the lights are judged then).
    static let now = time("2026-07-01 08:00")
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000

    /// "2026-06-01 09:00" in +08:00.
    static func time(_ text: String) -> Timestamp {
        Timestamp(rfc3339: text.replacingOccurrences(of: " ", with: "T") + ":00+08:00")!
    }

    /// An incident's facts from its timeline, folded through `IncidentEventFacts.absorb` as the store does.
    static func incident(
        _ id: Int64, _ unit: UnitCode, _ state: IncidentState, category: String = "0102", created: String,
        events: [(IncidentEvent.Kind, String, Tier, String?)] = [], range: ReportRange = june,
        window: IncidentTimers.Window? = nil, due: String? = nil, warned: Bool = false, overdue: Bool = false,
        paused: PolicyDuration? = nil, onTime: Bool? = nil, reopens: Int = 0, tier: Tier = .community, title: String? = nil,
        missed: Int = 0
    ) -> IncidentFacts {
        var facts = IncidentEventFacts()
        for (kind, at, eventTier, resolveDue) in events {
            facts.absorb(kind, tier: eventTier, at: time(at), resolveDue: resolveDue.map(time), range: range)
        }
        return IncidentFacts(
            id: id, category: category, community: unit, street: unit.parent, district: unit.parent?.parent,
            unit: tier == .community ? unit : unit.ancestor(at: tier)!, tier: tier, state: state, createdAt: time(created),
            window: window, dueAt: due.map(time), warned: warned, overdue: overdue, pausedRemaining: paused,
            resolvedOnTime: onTime, reopenCount: reopens, title: title, events: facts, missedWindows: missed)
    }

    /// The twelve incidents (docs/REPORTS.md lists them with what each counts for).
    static func dataSet(range: ReportRange = june) -> [IncidentFacts] {
        [
            // 1: handled the same day, on time.
            incident(1, a, .closed, created: "2026-06-01 09:00", events: [
                (.acknowledged, "2026-06-01 09:30", .community, nil),
                (.resolved, "2026-06-01 15:00", .community, "2026-06-03 09:30"),
                (.closed, "2026-06-01 17:00", .community, nil),
            ], range: range, onTime: true),
            // 2: resolved a day after its deadline, closed.
            incident(2, a, .closed, created: "2026-06-02 10:00", events: [
                (.acknowledged, "2026-06-02 17:00", .community, nil),
                (.resolved, "2026-06-05 10:00", .community, "2026-06-04 17:00"),
                (.closed, "2026-06-05 11:00", .community, nil),
            ], range: range, onTime: false),
            // 3: reworked (返工) once, then closed on time.
            incident(3, a, .closed, category: "0601", created: "2026-06-08 09:00", events: [
                (.acknowledged, "2026-06-08 09:10", .community, nil),
                (.resolved, "2026-06-08 11:00", .community, "2026-06-10 09:10"),
                (.reopened, "2026-06-09 09:00", .community, nil),
                (.resolved, "2026-06-09 16:00", .community, "2026-06-11 09:00"),
                (.closed, "2026-06-09 17:00", .community, nil),
            ], range: range, onTime: true, reopens: 1),
            // 4: escalated to the street and the district, acknowledged there, yellow light on.
            incident(4, b, .acknowledged, created: "2026-06-10 09:00", events: [
                (.escalated, "2026-06-10 11:00", .street, nil),
                (.escalated, "2026-06-10 15:00", .district, nil),
                (.acknowledged, "2026-06-11 09:00", .district, nil),
            ], range: range, window: .resolve, due: "2026-06-12 09:00", warned: true, tier: .district),
            // 5: deferred (缓办) with 4 working hours of its resolve window left.
            incident(5, b, .deferred, created: "2026-06-15 09:00", events: [
                (.acknowledged, "2026-06-15 10:00", .community, nil),
                (.deferred, "2026-06-15 11:00", .community, nil),
            ], range: range, paused: .working(4 * hour)),
            // 6: cancelled (不予立案).
            incident(6, b, .cancelled, category: "0601", created: "2026-06-16 09:00", events: [
                (.cancelled, "2026-06-16 10:00", .community, nil),
            ], range: range),
            // 7: reported in May, resolved late and closed on 1 June.
            incident(7, a, .closed, created: "2026-05-28 09:00", events: [
                (.acknowledged, "2026-05-28 10:00", .community, nil),
                (.resolved, "2026-06-01 10:00", .community, "2026-05-29 10:00"),
                (.closed, "2026-06-01 12:00", .community, nil),
            ], range: range, onTime: false),
            // 8: nobody acknowledged it: up to the district (the top tier here), missed there too (超期).
            incident(8, a, .dispatched, created: "2026-06-20 10:00", events: [
                (.escalated, "2026-06-22 10:30", .street, nil),
                (.escalated, "2026-06-22 12:30", .district, nil),
                (.overdue, "2026-06-23 09:00", .district, nil),
            ], range: range, window: .ack, due: "2026-06-23 09:00", warned: true, overdue: true, tier: .district,
                title: "井盖缺失", missed: 3),
            // 9: closed on 30 June, ahead of its deadline on 1 July.
            incident(9, b, .closed, created: "2026-06-29 09:00", events: [
                (.acknowledged, "2026-06-29 09:05", .community, nil),
                (.resolved, "2026-06-29 15:00", .community, "2026-07-01 09:05"),
                (.closed, "2026-06-30 10:00", .community, nil),
            ], range: range, onTime: true),
            // 10: reported on the last afternoon, not yet acknowledged.
            incident(10, a, .dispatched, created: "2026-06-30 16:00", range: range, window: .ack, due: "2026-07-01 09:30"),
            // 11: due on 26 June, resolved late and closed only in July.
            incident(11, b, .closed, category: "0601", created: "2026-06-24 09:00", events: [
                (.acknowledged, "2026-06-24 09:30", .community, nil),
                (.resolved, "2026-07-03 10:00", .community, "2026-06-26 09:30"),
                (.closed, "2026-07-03 12:00", .community, nil),
            ], range: range, onTime: false),
            // 12: all of it in April.
            incident(12, a, .closed, created: "2026-04-01 09:00", events: [
                (.acknowledged, "2026-04-01 09:30", .community, nil),
                (.resolved, "2026-04-01 11:00", .community, "2026-04-03 09:30"),
                (.closed, "2026-04-02 09:00", .community, nil),
            ], range: range, onTime: true),
        ]
    }

    static func aggregate(_ facts: [IncidentFacts], groupBy: Tier = .community, registerLimit: Int = 50) -> EvaluationReport {
        var aggregator = ReportAggregator(range: june, groupBy: groupBy, calendar: calendar, registerLimit: registerLimit, now: now)
        for incident in facts { aggregator.add(incident) }
        return aggregator.report(
            query: ReportQuery(groupBy: groupBy), generatedAt: time("2026-07-01 08:00"), unitName: { _ in nil },
            categoryName: { _ in nil })
    }
}
