import XCTest

@testable import GridCore

/// The report of the hand-built data set (`ReportFixtures`) for June 2026, figure by figure, as
/// docs/REPORTS.md works it out.
final class ReportAggregatorTests: XCTestCase {
    private let hour = ReportFixtures.hour
    private let minute = ReportFixtures.minute

    func testTotal() {
        let total = ReportFixtures.aggregate(ReportFixtures.dataSet()).total
        XCTAssertEqual(total.received, 10)
        XCTAssertEqual(total.cancelled, 1)
        XCTAssertEqual(total.closed, 5)
        XCTAssertEqual(total.reworked, 1)
        XCTAssertEqual(total.due, 8)
        XCTAssertEqual(total.deferred, 1)
        XCTAssertEqual(total.dueLessDeferred, 7, "the deferred incident is left out of the denominator")
        XCTAssertEqual(total.closedOfDue, 4)
        XCTAssertEqual(total.closedOnTime, 3)
        XCTAssertEqual(total.onTimeRate!, 3.0 / 7.0, accuracy: 1e-12, "按期结案率 = 3 / (8 − 1)")
        XCTAssertEqual(total.closeRate!, 4.0 / 7.0, accuracy: 1e-12, "结案率 = 4 / (8 − 1)")
        XCTAssertEqual(total.reworkRate!, 1.0 / 5.0, accuracy: 1e-12, "返工率 = 1 / 5")
        XCTAssertEqual(total.escalatedToStreet, 2)
        XCTAssertEqual(total.escalatedToDistrict, 2)
        XCTAssertEqual(total.escalatedToCity, 0)
        XCTAssertEqual(total.enteredOverdue, 1)
        XCTAssertEqual([total.openGreen, total.openYellow, total.openRed, total.openPaused], [1, 1, 1, 1])
    }

    func testMediansAndP90ByNearestRank() {
        let total = ReportFixtures.aggregate(ReportFixtures.dataSet()).total
        // Acknowledged in June: 1, 2, 3, 4, 5, 9, 11 → elapsed 5, 10, 30, 30, 60, 420, 1440 min;
        // working 5, 10, 30, 30, 60, 270, 420 min. Median: rank ⌈7 × 0.5⌉ = 4; p90: rank ⌈6.3⌉ = 7.
        XCTAssertEqual(total.timeToAcknowledge, EvaluationReport.DurationSummary(
            count: 7, calendarMedian: 30 * minute, calendarP90: 24 * hour, workingMedian: 30 * minute, workingP90: 7 * hour))
        // Last resolved in June: 1, 2, 3, 7, 9 → elapsed 6, 6, 31, 72, 97 h; working 3.5, 3.5, 11.5, 15, 21 h.
        // Median: rank 3; p90: rank ⌈4.5⌉ = 5.
        XCTAssertEqual(total.timeToResolve, EvaluationReport.DurationSummary(
            count: 5, calendarMedian: 31 * hour, calendarP90: 97 * hour, workingMedian: 690 * minute, workingP90: 21 * hour))
    }

    func testPerUnitAndPerCategory() {
        let report = ReportFixtures.aggregate(ReportFixtures.dataSet())
        XCTAssertEqual(report.units.map(\.unit), [ReportFixtures.b, ReportFixtures.a], "ordered by code")
        let a = report.units.first { $0.unit == ReportFixtures.a }!.metrics
        XCTAssertEqual([a.received, a.closed, a.reworked, a.due, a.deferred, a.closedOfDue, a.closedOnTime], [5, 4, 1, 4, 0, 3, 2])
        XCTAssertEqual(a.onTimeRate!, 0.5, accuracy: 1e-12)
        XCTAssertEqual(a.timeToResolve.count, 4)
        let b = report.units.first { $0.unit == ReportFixtures.b }!.metrics
        XCTAssertEqual([b.received, b.cancelled, b.closed, b.due, b.deferred, b.closedOfDue, b.closedOnTime], [5, 1, 1, 4, 1, 1, 1])
        XCTAssertEqual(b.onTimeRate!, 1.0 / 3.0, accuracy: 1e-12, "1 / (4 − 1)")
        XCTAssertEqual(b.escalatedToStreet, 1)
        XCTAssertEqual(report.categories.map(\.code), ["0102", "0601"])
        let roads = report.categories[1].metrics
        XCTAssertEqual([roads.received, roads.cancelled, roads.closed, roads.reworked, roads.due, roads.closedOnTime], [3, 1, 1, 1, 2, 1])
        // The total's spans are those of the units together.
        let units = report.units.map(\.metrics.timeToAcknowledge.count).reduce(0, +)
        XCTAssertEqual(units, report.total.timeToAcknowledge.count)
    }

    func testByStreetAndUnitsWithNothing() {
        var aggregator = ReportAggregator(
            range: ReportFixtures.june, groupBy: .street, calendar: ReportFixtures.calendar, registerLimit: 10,
            units: [UnitCode("320506001")!, UnitCode("320506002")!, UnitCode("320506003")!], now: ReportFixtures.now)
        for facts in ReportFixtures.dataSet() { aggregator.add(facts) }
        let report = aggregator.report(query: ReportQuery(), generatedAt: ReportFixtures.june.to, unitName: { _ in nil }, categoryName: { _ in nil })
        XCTAssertEqual(report.units.map(\.unit.rawValue), ["320506001", "320506002", "320506003"])
        XCTAssertEqual(report.units.map(\.metrics.received), [5, 5, 0])
        XCTAssertNil(report.units[2].metrics.onTimeRate, "nothing due: no rate")
        XCTAssertNil(report.units[2].metrics.timeToAcknowledge.calendarMedian)
    }

    func testDailyVolumeAndRegister() {
        let report = ReportFixtures.aggregate(ReportFixtures.dataSet())
        XCTAssertEqual(report.daily.count, 30)
        XCTAssertEqual(report.daily.first, EvaluationReport.DailyVolume(date: CivilDate(year: 2026, month: 6, day: 1), received: 1, closed: 2))
        XCTAssertEqual(report.daily.map(\.received).reduce(0, +), 10)
        XCTAssertEqual(report.daily.map(\.closed).reduce(0, +), 5)
        XCTAssertEqual(report.daily[29], EvaluationReport.DailyVolume(date: CivilDate(year: 2026, month: 6, day: 30), received: 1, closed: 1))
        XCTAssertEqual(report.registerCount, 1)
        XCTAssertEqual(report.register.map(\.id), [8])
        XCTAssertEqual(report.register.first?.title, "井盖缺失")
        XCTAssertEqual(report.register.first?.dueAt?.description, "2026-06-23T09:00:00.000+08:00")
        XCTAssertEqual(report.from.description, "2026-06-01T00:00:00.000+08:00")
    }

    func testRegisterKeepsTheLongestOverdueWithinItsLimit() {
        let base = ReportFixtures.dataSet()[7]
        var incidents: [IncidentFacts] = []
        for index in 0..<500 {
            var facts = base
            facts.id = Int64(1000 + index)
            facts.dueAt = ReportFixtures.time("2026-06-23 09:00").adding(milliseconds: Int64((index * 7919) % 500) * 60_000)
            incidents.append(facts)
        }
        let report = ReportFixtures.aggregate(incidents, registerLimit: 3)
        XCTAssertEqual(report.registerCount, 500)
        let expected: [Timestamp?] = [0, 1, 2].map { ReportFixtures.time("2026-06-23 09:00").adding(milliseconds: Int64($0) * 60_000) }
        XCTAssertEqual(report.register.map(\.dueAt?.instant), expected)
        XCTAssertEqual(ReportFixtures.aggregate(incidents, registerLimit: 0).register, [])
    }

    func testReportRoundTripsThroughJSON() throws {
        let report = ReportFixtures.aggregate(ReportFixtures.dataSet())
        let text = report.json.serialized()
        let decoded = try EvaluationReport(json: try JSONParser.parse(text))
        XCTAssertEqual(decoded, report)
        let total = try XCTUnwrap(try JSONParser.parse(text).objectValue?["total"]?.objectValue)
        XCTAssertEqual(total["due"], 8)
        XCTAssertEqual(total["time_to_ack"]?.objectValue?["working_ms"]?.objectValue?["p90"], .int(7 * hour))
        XCTAssertThrowsError(try EvaluationReport(json: ["from": "x"])) { error in
            XCTAssertEqual((error as? GridError)?.code, .invalidField)
        }
    }
}
