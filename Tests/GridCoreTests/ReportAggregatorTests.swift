import GridFixtures
import XCTest

@testable import GridCore

/// The report of the worked example (`ReportFixtures`) for June 2026, figure by figure, as
/// docs/REPORTS.md works it out (`WorkedExample.expected`), and what the report keeps besides.
final class ReportAggregatorTests: XCTestCase {
    private let hour = ReportFixtures.hour
    private let minute = ReportFixtures.minute

    func testEveryFigureOfTheWorkedExample() {
        let report = ReportFixtures.report()
        XCTAssertEqual(WorkedExample.mismatches(in: report.json), [])
        XCTAssertEqual(report.responsibleUnits.map(\.unit), WorkedExample.responsibleRows)
        XCTAssertEqual(report.previousFrom.description, "2026-05-01T00:00:00.000+08:00")
    }

    func testTheRowsAddUpToTheTotalButForChargesAboveTheirLevel() {
        let report = ReportFixtures.report()
        var sum = EvaluationReport.Figures()
        for row in report.units { sum.add(row.metrics.figures) }
        var total = report.total.figures
        XCTAssertEqual(sum.overdue, 2, "桃源社区's own two misses; 清河街道's two and 清河区's one are charged above the communities")
        XCTAssertEqual(total.overdue, 5)
        total.overdue = sum.overdue
        total.score = nil
        XCTAssertEqual(sum, total)
    }

    /// Each case is due in exactly one month, and the months' figures add up to the figures of
    /// the four months together (closed of due and on time too here: no case of the example
    /// due in one month was closed in a later one).
    func testMonthsAddUpToTheirWhole() {
        let time = ReportFixtures.time
        let starts = ["2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01"].map { time($0 + " 00:00") }
        func figures(_ range: ReportRange) -> EvaluationReport.Figures {
            let periods = ReportPeriods(only: range)
            var aggregator = ReportAggregator(periods: periods, groupBy: .community, calendar: ReportFixtures.calendar, registerLimit: 0, now: ReportFixtures.now)
            for (incident, events) in ReportFixtures.played { aggregator.add(IncidentFacts(incident, events: events, periods: periods)) }
            var figures = aggregator.report(query: ReportQuery(), generatedAt: ReportFixtures.now, unitName: { _ in nil }, categoryName: { _ in nil })
                .total.figures
            figures.score = nil
            return figures
        }
        var sum = EvaluationReport.Figures()
        for index in 0..<4 { sum.add(figures(ReportRange(from: starts[index], to: starts[index + 1]))) }
        XCTAssertEqual(sum, figures(ReportRange(from: starts[0], to: starts[4])))
        XCTAssertEqual(sum.due, 15, "every case but the cancelled and the rejected one, once")
        for (incident, events) in ReportFixtures.played where incident.state != .cancelled && incident.state != .rejected {
            let due = ReportRules.dueDate(of: IncidentFacts(incident, events: events, periods: ReportFixtures.periods))!
            XCTAssertEqual((0..<4).filter { ReportRange(from: starts[$0], to: starts[$0 + 1]).contains(due) }.count, 1, "case \(incident.id)")
        }
    }

    /// The case alone (the worked example's 7): escalated twice, resolved at the district
    /// within its window but after the case deadline. Its community's row: due, closed, not on
    /// time, one 超期 — its own; the street's is not the community's.
    func testTheCaseEscalatedTwiceAlone() {
        var aggregator = ReportFixtures.aggregator([ReportFixtures.facts(7)])
        var tally = ResponsibleUnitTally()
        tally.add(events: ReportFixtures.played[6].events, periods: ReportFixtures.periods)
        aggregator.addResponsible(tally)
        let report = aggregator.report(query: ReportQuery(), generatedAt: ReportFixtures.now, unitName: { _ in nil }, categoryName: { _ in nil })
        let taoyuan = report.units.first { $0.unit == WorkedExample.taoyuan }!.metrics
        XCTAssertEqual([taoyuan.due, taoyuan.closedOfDue, taoyuan.closedOnTime, taoyuan.overdue, taoyuan.escalations], [1, 1, 0, 1, 2])
        XCTAssertEqual(taoyuan.onTimeRate, 0)
        XCTAssertEqual(taoyuan.closeRate, 1)
        XCTAssertEqual(report.total.overdue, 2)
        XCTAssertEqual(report.responsibleUnits.map(\.unit), [WorkedExample.taoyuan, WorkedExample.qingheStreet, WorkedExample.qingheDistrict])
        XCTAssertEqual(report.responsibleUnits.map(\.current.overdue), [1, 1, 0])
        XCTAssertEqual(report.responsibleUnits.map(\.current.resolvedInWindow), [0, 0, 1])
    }

    func testMediansAndP90ByNearestRank() {
        let total = ReportFixtures.report().total
        // First acknowledged in June: 6, 7, 8, 9, 11, 13, 14, 16, 17 → elapsed 30, 300, 10, 20, 60, 30,
        // 30, 90, 330 min; working the same but 7 and 17: 180 min each. Median: rank ⌈9 × 0.5⌉ = 5;
        // p90: rank ⌈8.1⌉ = 9.
        XCTAssertEqual(total.timeToAcknowledge, EvaluationReport.DurationSummary(
            count: 9, calendarMedian: 30 * minute, calendarP90: 330 * minute, workingMedian: 30 * minute, workingP90: 3 * hour))
        // Last resolved in June: 5, 6, 7, 8, 11, 13 → elapsed 24, 6, 27, 25.5, 7, 6 h; working 1.5,
        // 3.5, 10, 8.5, 4.5, 3.5 h. Median: rank 3; p90: rank ⌈5.4⌉ = 6.
        XCTAssertEqual(total.timeToResolve, EvaluationReport.DurationSummary(
            count: 6, calendarMedian: 7 * hour, calendarP90: 27 * hour, workingMedian: 210 * minute, workingP90: 10 * hour))
    }

    func testUnitsWithNothingHaveRowsWithoutRatesScoreOrRank() {
        let report = ReportFixtures.report()
        XCTAssertEqual(report.units.map(\.unit), ReportFixtures.communities, "every community of the map, by code")
        let empty = report.units.filter { $0.unit != WorkedExample.taoyuan && $0.unit != WorkedExample.huayuan }
        XCTAssertEqual(empty.count, 4)
        for row in empty {
            XCTAssertNil(row.metrics.onTimeRate)
            XCTAssertNil(row.metrics.timelyAckRate)
            XCTAssertNil(row.metrics.score)
            XCTAssertNil(row.metrics.rank)
            XCTAssertNil(row.metrics.timeToAcknowledge.calendarMedian)
        }
    }

    func testOpenNowDailyVolumeAndRegister() {
        let report = ReportFixtures.report()
        // Open: green 14; red 12 and 17 (its register window missed); paused 9 (缓办) and 16 (挂账).
        XCTAssertEqual([report.total.openGreen, report.total.openYellow, report.total.openRed, report.total.openPaused], [1, 0, 2, 2])
        XCTAssertEqual(report.daily.count, 30)
        XCTAssertEqual(report.daily.first, EvaluationReport.DailyVolume(date: CivilDate(year: 2026, month: 6, day: 1), received: 1, closed: 2))
        XCTAssertEqual(report.daily.map(\.received).reduce(0, +), 12)
        XCTAssertEqual(report.daily.map(\.closed).reduce(0, +), 5)
        XCTAssertEqual(report.registerCount, 2)
        XCTAssertEqual(report.register.map(\.id), [12, 17])
        XCTAssertEqual(report.register.first?.title, "垃圾堆积无人清运")
        XCTAssertEqual(report.register.first?.dueAt?.description, "2026-06-24T15:00:00.000+08:00", "the district's missed ack window")
    }

    func testRegisterKeepsTheLongestOverdueWithinItsLimit() {
        let base = ReportFixtures.facts(12)
        var incidents: [IncidentFacts] = []
        for index in 0..<500 {
            var facts = base
            facts.id = Int64(1000 + index)
            facts.dueAt = ReportFixtures.time("2026-06-23 09:00").adding(milliseconds: Int64((index * 7919) % 500) * 60_000)
            incidents.append(facts)
        }
        let report = ReportFixtures.report(incidents, registerLimit: 3)
        XCTAssertEqual(report.registerCount, 500)
        let expected: [Timestamp?] = [0, 1, 2].map { ReportFixtures.time("2026-06-23 09:00").adding(milliseconds: Int64($0) * 60_000) }
        XCTAssertEqual(report.register.map(\.dueAt?.instant), expected)
        XCTAssertEqual(ReportFixtures.report(incidents, registerLimit: 0).register, [])
    }

    func testPartsMergeIntoTheWholeReport() {
        let all = ReportFixtures.allFacts
        let whole = ReportFixtures.aggregator(all)
        var first = ReportFixtures.aggregator(all.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        let second = ReportFixtures.aggregator(all.enumerated().filter { $0.offset % 3 != 0 }.map(\.element))
        first.merge(second)
        func report(_ aggregator: ReportAggregator) -> EvaluationReport {
            aggregator.report(query: ReportQuery(), generatedAt: ReportFixtures.now, unitName: { _ in nil }, categoryName: { _ in nil })
        }
        XCTAssertEqual(report(first), report(whole))
    }

    func testReportRoundTripsThroughJSON() throws {
        let report = ReportFixtures.report(weights: EvaluationWeights(onTime: 50, close: 50, rework: 0))
        let text = report.json.serialized()
        let decoded = try EvaluationReport(json: try JSONParser.parse(text))
        XCTAssertEqual(decoded, report)
        let object = try XCTUnwrap(try JSONParser.parse(text).objectValue)
        XCTAssertEqual(object["weights"], ["on_time": 50, "close": 50, "rework": 0])
        XCTAssertEqual(object["previous"]?.objectValue?["to"], object["from"])
        let total = try XCTUnwrap(object["total"]?.objectValue)
        XCTAssertEqual(total["due"], 9)
        XCTAssertEqual(total["timely_register_rate"], .double(0.5))
        XCTAssertEqual(total["satisfaction_rate"]?.doubleValue ?? 0, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(total["previous"]?.objectValue?["satisfaction_rate"], .null, "no visit in May: absent")
        XCTAssertEqual(total["rank"], .null, "the total is not ranked")
        XCTAssertEqual(total["time_to_ack"]?.objectValue?["working_ms"]?.objectValue?["p90"], .int(3 * hour))
        XCTAssertThrowsError(try EvaluationReport(json: ["from": "x"])) { error in
            XCTAssertEqual((error as? GridError)?.code, .invalidField)
        }
    }
}
