import XCTest

@testable import GridCore

/// The composite score (综合指标), the rank (排名) and the previous period (环比), on a two-month
/// data set of five communities made for it: ties, rows without a score, absent rates.
final class ReportScoreTests: XCTestCase {
    private let calendar = try! WorkingCalendar()
    private static let units = ["320506001001", "320506001002", "320506002001", "320506002002", "320506003001"].map { UnitCode($0)! }
    private var c1: UnitCode { Self.units[0] }
    private var c2: UnitCode { Self.units[1] }
    private var c3: UnitCode { Self.units[2] }
    private var c4: UnitCode { Self.units[3] }
    private var c5: UnitCode { Self.units[4] }
    private let june = ReportRange(from: ReportFixtures.time("2026-06-01 00:00"), to: ReportFixtures.time("2026-07-01 00:00"))
    private let hour: Int64 = 3_600_000

    /// A case of `unit` created at `created` with a 26-hour case deadline: closed on time, closed
    /// late (resolved 30 h after creation), reworked (and resolved again on time), or still open.
    private enum Outcome { case onTime, late, reworked, open }

    private func incident(_ id: Int64, _ unit: UnitCode, _ created: String, _ outcome: Outcome, periods: ReportPeriods) -> IncidentFacts {
        let start = ReportFixtures.time(created)
        func at(_ hours: Double) -> Timestamp { start.adding(milliseconds: Int64(hours * Double(hour))) }
        var events = [ReportEvent(.dispatched, at: start, tier: .community), ReportEvent(.acknowledged, at: at(0.5), tier: .community)]
        switch outcome {
        case .onTime: events += [ReportEvent(.resolved, at: at(2), tier: .community, onTime: true), ReportEvent(.closed, at: at(3), tier: .community)]
        case .late: events += [ReportEvent(.resolved, at: at(30), tier: .community), ReportEvent(.closed, at: at(31), tier: .community)]
        case .reworked:
            events += [
                ReportEvent(.resolved, at: at(2), tier: .community, onTime: true), ReportEvent(.reopened, at: at(3), tier: .community),
                ReportEvent(.resolved, at: at(4), tier: .community, onTime: true), ReportEvent(.closed, at: at(5), tier: .community),
            ]
        case .open: break
        }
        var facts = IncidentEventFacts()
        for event in events { facts.absorb(event, periods: periods) }
        return IncidentFacts(
            id: id, category: "0102", community: unit, street: unit.parent, district: unit.parent?.parent, unit: unit, tier: .community,
            state: outcome == .open ? .acknowledged : .closed, createdAt: start, window: outcome == .open ? .resolve : nil,
            dueAt: outcome == .open ? at(24.5) : nil, events: facts, caseDueAt: at(26), caseWarnAt: at(20.8))
    }

    /// June: c1 100 points, c2 and c3 70 (1 of 2 and 2 of 4 on time), c4 25, c5 nothing due yet.
    /// May: c2 100, c4 95 (reworked once), c3 40 (late), c1 and c5 nothing.
    private func twoMonths(weights: EvaluationWeights = .standard) -> EvaluationReport {
        let periods = ReportPeriods(current: june, calendar: calendar)
        let plan: [(UnitCode, String, Outcome)] = [
            (c1, "2026-06-02 09:00", .onTime), (c1, "2026-06-03 09:00", .onTime),
            (c2, "2026-06-02 09:00", .onTime), (c2, "2026-06-03 09:00", .late),
            (c3, "2026-06-02 09:00", .onTime), (c3, "2026-06-03 09:00", .onTime), (c3, "2026-06-04 09:00", .late),
            (c3, "2026-06-05 09:00", .late),
            (c4, "2026-06-02 09:00", .late), (c4, "2026-06-10 09:00", .open),
            (c5, "2026-06-30 12:00", .open),
            (c2, "2026-05-12 09:00", .onTime), (c3, "2026-05-12 09:00", .late), (c4, "2026-05-12 09:00", .reworked),
        ]
        var aggregator = ReportAggregator(
            periods: periods, groupBy: .community, calendar: calendar, registerLimit: 10, units: Self.units,
            now: ReportFixtures.time("2026-07-01 08:00"))
        for (index, entry) in plan.enumerated() { aggregator.add(incident(Int64(index + 1), entry.0, entry.1, entry.2, periods: periods)) }
        return aggregator.report(query: ReportQuery(), generatedAt: june.to, weights: weights, unitName: { _ in nil }, categoryName: { _ in nil })
    }

    private func row(_ report: EvaluationReport, _ unit: UnitCode) -> EvaluationReport.Metrics {
        report.units.first { $0.unit == unit }!.metrics
    }

    func testRankSharesTiesAndLeavesRowsWithoutAScoreUnranked() {
        let report = twoMonths()
        XCTAssertEqual(Self.units.map { row(report, $0).score }, [100, 70, 70, 25, nil])
        XCTAssertEqual(Self.units.map { row(report, $0).rank }, [1, 2, 2, 4, nil], "ties share a rank; the next rank skips")
        XCTAssertEqual(row(report, c2).onTimeRate, 0.5)
        XCTAssertEqual(row(report, c3).onTimeRate, 0.5, "2 of 4: the same rate as 1 of 2, the same score, the same rank")
        XCTAssertNil(row(report, c5).onTimeRate, "nothing due: no rate, not 0 or 100%")
        XCTAssertEqual(row(report, c5).received, 1)
        XCTAssertNotNil(report.total.score)
        XCTAssertNil(report.total.rank, "the total is not ranked")
    }

    func testEachRowCarriesThePreviousPeriod() {
        let report = twoMonths()
        XCTAssertEqual(report.previousFrom.instant, ReportFixtures.time("2026-05-01 00:00"), "June is compared with May")
        let previous = Self.units.map { row(report, $0).previous }
        XCTAssertEqual(previous.map(\.received), [0, 1, 1, 1, 0])
        XCTAssertEqual(previous.map(\.score), [nil, 100, 40, 95, nil])
        XCTAssertEqual(previous.map(\.rank), [nil, 1, 3, 2, nil])
        XCTAssertEqual(previous[3].reworkRate, 0.5, "one reopen, two resolves")
        XCTAssertNil(previous[0].onTimeRate)
        // The May cases count in May only; June's in June only.
        XCTAssertEqual(report.total.received, 11)
        XCTAssertEqual(report.total.previous.received, 3)
    }

    func testWeightsChangeTheScoreAndTheRank() {
        let report = twoMonths(weights: EvaluationWeights(onTime: 0, close: 100, rework: 0))
        XCTAssertEqual(Self.units.map { row(report, $0).score }, [100, 100, 100, 50, nil])
        XCTAssertEqual(Self.units.map { row(report, $0).rank }, [1, 1, 1, 4, nil])
        XCTAssertEqual(report.weights, EvaluationWeights(onTime: 0, close: 100, rework: 0))
    }

    func testScoreOfPresentRatesOnly() {
        let weights = EvaluationWeights.standard
        XCTAssertEqual(weights.score(onTime: 0.5, close: 1, rework: 0.25)!, 30 + 30 + 7.5, accuracy: 1e-9)
        XCTAssertEqual(weights.score(onTime: 0.5, close: 1, rework: nil)!, (30 + 30) / 90.0 * 100, accuracy: 1e-9,
            "no resolve in the period: the rework weight is left out and the others scaled up")
        XCTAssertEqual(weights.score(onTime: 1, close: 1, rework: 2)!, 90, accuracy: 1e-9, "more reopens than resolves count as 0, not less")
        XCTAssertNil(weights.score(onTime: nil, close: nil, rework: 0), "rework alone says nothing of what was done")
        XCTAssertNil(EvaluationWeights(onTime: 0, close: 0, rework: 10).score(onTime: 1, close: 1, rework: nil), "nothing weighed")
    }

    func testRanksOfScores() {
        XCTAssertEqual(EvaluationReport.ranks([90, 80, 80, 70, nil, 95]), [2, 3, 3, 5, nil, 1])
        XCTAssertEqual(EvaluationReport.ranks([2.0 / 3 * 100, 4.0 / 6 * 100, 200.0 / 3]), [1, 1, 1], "equal to a millionth of a point")
        XCTAssertEqual(EvaluationReport.ranks([]), [])
    }

    func testPreviousPeriodOfTheSameLength() {
        func previous(_ from: String, _ to: String) -> ReportRange {
            ReportPeriods.previous(of: ReportRange(from: ReportFixtures.time(from), to: ReportFixtures.time(to)), calendar: calendar)
        }
        let time = ReportFixtures.time
        XCTAssertEqual(previous("2026-03-01 00:00", "2026-04-01 00:00"), ReportRange(from: time("2026-02-01 00:00"), to: time("2026-03-01 00:00")),
            "March (31 days) with February (28)")
        XCTAssertEqual(previous("2026-01-01 00:00", "2026-04-01 00:00"), ReportRange(from: time("2025-10-01 00:00"), to: time("2026-01-01 00:00")),
            "a quarter with the quarter before, across the year")
        XCTAssertEqual(previous("2026-01-01 00:00", "2027-01-01 00:00"), ReportRange(from: time("2025-01-01 00:00"), to: time("2026-01-01 00:00")))
        XCTAssertEqual(previous("2026-06-10 00:00", "2026-06-20 00:00"), ReportRange(from: time("2026-05-31 00:00"), to: time("2026-06-10 00:00")),
            "ten days with the ten days before")
        XCTAssertEqual(previous("2026-06-01 00:00", "2026-06-15 14:00"), ReportRange(from: time("2026-05-17 10:00"), to: time("2026-06-01 00:00")),
            "this month so far: the same span before it")
        XCTAssertEqual(previous("2026-06-01 08:00", "2026-07-01 08:00").from, time("2026-05-02 08:00"), "not at midnight: the same length")
    }
}

/// `[Evaluation] Weights=`: names, values, a sum above 0, clear messages; the default.
final class ConfigEvaluationTests: XCTestCase, ConfigSnippetTesting {
    static let base = ConfigSnippetBase.gridCategoryAndPolicy

    func testDefaultAndValues() throws {
        XCTAssertEqual(config("")?.evaluation.weights, EvaluationWeights(onTime: 60, close: 30, rework: 10))
        XCTAssertEqual(config("[Evaluation]\nWeights=on_time=50 close=40 rework=10")?.evaluation.weights,
            EvaluationWeights(onTime: 50, close: 40, rework: 10))
        XCTAssertEqual(config("[Evaluation]\nWeights=close=1")?.evaluation.weights, EvaluationWeights(onTime: 0, close: 1, rework: 0),
            "a name not written weighs 0")
        XCTAssertEqual(config("[Evaluation]\nWeights=close=1\nWeights=")?.evaluation.weights, .standard, "empty: the default")
    }

    func testErrorsSayWhatIsWrong() {
        XCTAssertEqual(problems("""
            [Evaluation]
            Weights=ontime=60 close=30
            Weights=on_time=-5
            Weights=on_time=6.5
            Weights=on_time=60 on_time=30
            Weights=on_time=0 close=0 rework=0
            Weights=60 30 10
            Weight=on_time=1
            [Evaluation 1]
            """), [
            "c.conf:12: Weights=ontime=60 close=30: unknown weight \"ontime\": the weights are on_time, close and rework; did you mean on_time?",
            "c.conf:13: Weights=on_time=-5: on_time=-5: expected a whole number from 0 to 1000000",
            "c.conf:14: Weights=on_time=6.5: on_time=6.5: expected a whole number from 0 to 1000000",
            "c.conf:15: Weights=on_time=60 on_time=30: on_time is given twice",
            "c.conf:16: Weights=on_time=0 close=0 rework=0: the weights add up to 0: at least one must be more than 0",
            "c.conf:17: Weights=60 30 10: \"60\" is not name=weight (e.g. on_time=60)",
            "c.conf:18: unknown key Weight= in [Evaluation]; did you mean Weights=?",
            "c.conf:19: [Evaluation] takes no argument (found \"1\"); write [Evaluation]",
        ])
    }
}
