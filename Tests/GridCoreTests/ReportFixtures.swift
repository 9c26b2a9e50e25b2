import GridFixtures
import XCTest

@testable import GridCore

/// The worked example of docs/REPORTS.md (`WorkedExample`: fourteen cases of 清河区 over May and
/// June 2026) played through the lifecycle in memory, and the report of June by community of
/// 清河区 made from it the way the daemon makes it. The calendar is the default one (Asia/Shanghai,
/// 08:30–12:00 and 14:30–18:00, Saturday and Sunday off): no holiday of 2026 falls on a span the
/// example measures.
enum ReportFixtures {
    static let calendar = try! WorkingCalendar()
    static let periods = ReportPeriods(current: WorkedExample.june, previous: WorkedExample.may)
    static let now = WorkedExample.reportTime
    static let hour: Int64 = 3_600_000
    static let minute: Int64 = 60_000
    static let categories = CategoryCatalog([
        Category(code: "0102", name: "暴露垃圾", majorName: "市容环境"), Category(code: "0103", name: "积存垃圾渣土", majorName: "市容环境"),
    ])
    /// The six communities of 清河区 (the map's rows of the report).
    static let communities = ["320506001001", "320506001002", "320506002001", "320506002002", "320506003001", "320506003002"]
        .map { UnitCode($0)! }

    static let played = WorkedExample.play(calendar: calendar, categories: categories)

    /// The facts of case `id` (1…14), as the store reads them.
    static func facts(_ id: Int64) -> IncidentFacts {
        let (incident, events) = played[Int(id) - 1]
        return IncidentFacts(incident, events: events, periods: periods)
    }

    static var allFacts: [IncidentFacts] { (1...Int64(played.count)).map(facts) }

    static var tally: ResponsibleUnitTally {
        var tally = ResponsibleUnitTally()
        for (_, events) in played { tally.add(events: events, periods: periods) }
        return tally
    }

    static func aggregator(_ facts: [IncidentFacts] = allFacts, registerLimit: Int = 50) -> ReportAggregator {
        var aggregator = ReportAggregator(
            periods: periods, groupBy: .community, calendar: calendar, registerLimit: registerLimit, units: communities,
            scope: WorkedExample.qingheDistrict, now: now)
        for incident in facts { aggregator.add(incident) }
        return aggregator
    }

    static func report(_ facts: [IncidentFacts] = allFacts, weights: EvaluationWeights = .standard, registerLimit: Int = 50)
        -> EvaluationReport
    {
        var aggregator = aggregator(facts, registerLimit: registerLimit)
        aggregator.addResponsible(tally)
        return aggregator.report(
            query: ReportQuery(unit: WorkedExample.qingheDistrict, groupBy: .community), generatedAt: now, weights: weights,
            unitName: { _ in nil }, categoryName: { categories[$0]?.name })
    }

    static func time(_ text: String) -> Timestamp { WorkedExample.time(text) }
}
