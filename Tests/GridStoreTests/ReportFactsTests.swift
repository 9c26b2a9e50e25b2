import GridCore
import GridFixtures
import GridTesting
import Synchronization
import XCTest

@testable import GridStore

/// The report pass on real SQLite files: incidents taken through the real lifecycle read back as
/// the facts their timelines say; the seeded histories give the figures the seeder documents;
/// a unit or category filter reads exactly the incidents the unfiltered pass would.
final class ReportFactsTests: XCTestCase {
    private let calendar = try! WorkingCalendar()
    private let worker = Actor(uid: 1002, name: "社区工作人员")

    private func facts(_ store: IncidentStore, _ scope: ReportScope) throws -> [IncidentFacts] {
        var all: [IncidentFacts] = []
        try store.reportFacts(scope) { all.append($0) }
        return all
    }

    private func step(_ store: IncidentStore, _ id: Int64, _ command: LifecycleCommand, at text: String, note: String? = nil) throws {
        let lifecycle = Lifecycle(calendar: calendar)
        let actor = worker
        let now = Timestamp(rfc3339: text)!
        let result = transitionAndWait(store, id) { current throws(GridError) in
            let step = try lifecycle.apply(command, to: current, by: actor, note: note, now: now)
            return IncidentTransition(incident: step.incident, events: step.events)
        }
        guard case .success(.applied) = result else { return XCTFail("\(command.name) of \(id) at \(text): \(result)") }
    }

    private func open(_ store: IncidentStore, at text: String, category: String = "0102", cell: CellCode = Fixtures.cell) throws -> Incident {
        let lifecycle = Lifecycle(calendar: calendar)
        let (incident, event) = lifecycle.open(
            report: Report(category: category, place: .cell(cell.rawValue)), placement: .inCell(cell, method: .cell),
            category: Category(code: category, name: "暴露垃圾", majorName: "市容环境", startTier: .community),
            policy: Fixtures.policy, now: Timestamp(rfc3339: text)!, actor: worker, source: .socket)
        return try submitAndWait(store, incident, event: event).get().incident
    }

    /// The worked example written into a real database through the lifecycle (`CaseScript`): the
    /// single pass over the events and the incidents reads, per case, what the timeline in memory
    /// says (`IncidentFacts(_:events:periods:)`), and per unit the responsible-unit counts.
    func testTheSinglePassReadsWhatTheTimelinesSay() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let categories = CategoryCatalog([
            Category(code: "0102", name: "暴露垃圾", majorName: "市容环境"), Category(code: "0103", name: "积存垃圾渣土", majorName: "市容环境"),
        ])
        try CaseScript(store: store, calendar: calendar, categories: categories) { _ in WorkedExample.policy }.playWorkedExample()
        let periods = ReportPeriods(current: WorkedExample.june, previous: WorkedExample.may)
        let scope = ReportScope(unit: nil, category: nil, periods: periods)
        var read: [IncidentFacts] = []
        let tally = try store.reportFacts(scope) { read.append($0) }
        XCTAssertEqual(read.map(\.id), Array(1...17))
        var expectedTally = ResponsibleUnitTally()
        for facts in read {
            let incident = try XCTUnwrap(try store.incident(id: facts.id))
            let events = try store.events(incidentID: facts.id)
            var expected = IncidentFacts(incident, events: events, periods: periods)
            // The pass reads the title of open cases only (the 超期 (督办) list names them).
            if incident.state != .dispatched && incident.state != .acknowledged { expected.title = nil }
            XCTAssertEqual(facts, expected, "case \(facts.id)")
            expectedTally.add(events: events, periods: periods)
        }
        XCTAssertEqual(tally, expectedTally)
        XCTAssertEqual(
            tally.units[WorkedExample.taoyuan]?.current, WindowCounts(windows: 11, overdue: 2, resolvedInWindow: 4, approved: 1, denied: 1))
        XCTAssertEqual(tally.units[WorkedExample.city]?.current, WindowCounts(windows: 3, overdue: 1), "the register windows, one missed")
        // In two parts, the same.
        let collected = Collected<IncidentFacts>()
        XCTAssertEqual(try store.reportFacts(scope, parts: 2) { collected.add($1) }, tally)
        XCTAssertEqual(collected.all.sorted { $0.id < $1.id }, read)
        // A filter reads the events of its incidents only.
        let huayuan = try store.reportFacts(ReportScope(unit: WorkedExample.huayuan, category: nil, periods: periods)) { _ in }
        XCTAssertEqual(Set(huayuan.units.keys), [WorkedExample.huayuan, WorkedExample.wangjiangStreet, WorkedExample.city])
    }

    func testSeededHistoriesGiveTheDocumentedFigures() throws {
        let directory = TemporaryDirectory()
        let from = Timestamp(rfc3339: "2026-03-01T00:00:00+08:00")!
        let ids = try StoreSeeder.incidentHistories(
            path: directory.file("gridd.db"), count: 200, from: from, spanMilliseconds: 10 * 86_400_000,
            communities: [Fixtures.community, Fixtures.otherCommunity], categories: ["0102", "0601"])
        XCTAssertEqual(ids, 1...200)
        let store = try openStore(directory)
        defer { store.close() }
        // A range holding every creation, event and deadline.
        let range = ReportRange(from: from, to: from.adding(milliseconds: 20 * 86_400_000))
        let periods = ReportPeriods(only: range)
        var aggregator = ReportAggregator(periods: periods, groupBy: .community, calendar: calendar, registerLimit: 100, now: range.to)
        let tally = try store.reportFacts(ReportScope(unit: nil, category: nil, periods: periods)) { aggregator.add($0) }
        aggregator.addResponsible(tally)
        let report = aggregator.report(query: ReportQuery(), generatedAt: range.to, unitName: { _ in nil }, categoryName: { _ in nil })
        let total = report.total
        // Two of each outcome per hundred: see `StoreSeeder.incidentHistories`.
        XCTAssertEqual(total.received, 200)
        XCTAssertEqual(total.cancelled, 6)
        XCTAssertEqual(total.closed, 160, "60 + 10 + 5 + 5 per hundred")
        XCTAssertEqual([total.resolved, total.reopened], [176, 10], "every resolve event; the reworked cases were resolved twice")
        XCTAssertEqual(total.due, 194, "every one but the cancelled")
        XCTAssertEqual(total.paused, 6)
        XCTAssertEqual(total.closedOfDue, 160)
        XCTAssertEqual(total.closedOnTime, 140, "all closed but the 10 per hundred resolved after their case deadline")
        // Acknowledged, or an ack window missed: all but the cancelled and the unacknowledged; of
        // those, all but the ones whose community missed its ack window.
        XCTAssertEqual([total.timelyAcks, total.acksJudged], [172, 188])
        // 超期: the 16 escalations' misses and the 6 at the city.
        XCTAssertEqual([total.escalatedToStreet, total.escalatedToDistrict, total.escalatedToCity, total.overdue], [16, 6, 6, 34])
        // By responsible unit: the communities' 16 misses, and the street's, district's and city's 6 each.
        XCTAssertEqual(report.responsibleUnits.map(\.current.overdue).reduce(0, +), 34)
        XCTAssertEqual(report.responsibleUnits.first { $0.unit == Fixtures.community }?.current.overdue, 8)
        // Judged at the range's end, every open case is past its 26-hour case deadline: red.
        XCTAssertEqual([total.openGreen, total.openYellow, total.openRed, total.openPaused], [0, 0, 22, 6])
        XCTAssertEqual(report.registerCount, 22)
        XCTAssertEqual(total.timeToAcknowledge.count, 200 - 6 - 6 - 6, "all but the cancelled, the overdue and the unacknowledged")
        // Closed on time: ack after 30 minutes, resolved 6 hours later: the median is those.
        XCTAssertEqual(total.timeToAcknowledge.calendarMedian, 30 * 60_000)
        XCTAssertEqual(total.timeToResolve.calendarMedian, 6 * 3_600_000 + 30 * 60_000)
        XCTAssertEqual(report.units.map(\.unit), [Fixtures.community, Fixtures.otherCommunity])
    }

    func testFiltersReadWhatTheFullPassWouldAndSkipWhatCannotCount() throws {
        let directory = TemporaryDirectory()
        let from = Timestamp(rfc3339: "2026-03-01T00:00:00+08:00")!
        try StoreSeeder.incidentHistories(
            path: directory.file("gridd.db"), count: 300, from: from, spanMilliseconds: 30 * 86_400_000,
            communities: [Fixtures.community, Fixtures.otherCommunity, UnitCode("110108001001")!], categories: ["0102", "0601", "0701"])
        let store = try openStore(directory)
        defer { store.close() }
        let range = ReportRange(from: from.adding(milliseconds: 10 * 86_400_000), to: from.adding(milliseconds: 20 * 86_400_000))
        let all = try facts(store, ReportScope(unit: nil, category: nil, range: range))
        // Closed or cancelled before the range began: not read. Open: always read.
        XCTAssertTrue(all.allSatisfy { $0.state.isOpen || $0.createdAt >= from.adding(milliseconds: 8 * 86_400_000) })
        XCTAssertEqual(all.filter { $0.state.isOpen }.count, 300 * 17 / 100, "every open incident, whenever created")
        XCTAssertFalse(all.contains { !$0.state.isOpen && $0.createdAt >= range.to })
        let filters: [(UnitCode?, String?)] = [(Fixtures.district, nil), (Fixtures.street, "0601"), (UnitCode("110108")!, nil), (nil, "0701")]
        for (unit, category) in filters {
            let filtered = try facts(store, ReportScope(unit: unit, category: category, range: range))
            let expected = all.filter { facts in
                (unit.map { ($0.contains(facts.community!)) } ?? true) && (category.map { $0 == facts.category } ?? true)
            }
            XCTAssertFalse(expected.isEmpty)
            XCTAssertEqual(filtered, expected, "unit \(unit?.rawValue ?? "-") category \(category ?? "-")")
        }
        XCTAssertEqual(try facts(store, ReportScope(unit: UnitCode("320500")!, category: nil, range: range)), [], "another city")
    }

    func testReadingInPartsGivesWhatOnePartGives() throws {
        let directory = TemporaryDirectory()
        let from = Timestamp(rfc3339: "2026-03-01T00:00:00+08:00")!
        try StoreSeeder.incidentHistories(
            path: directory.file("gridd.db"), count: 1000, from: from, spanMilliseconds: 30 * 86_400_000,
            communities: [Fixtures.community, Fixtures.otherCommunity], categories: ["0102", "0601"])
        let store = try openStore(directory)
        defer { store.close() }
        let range = ReportRange(from: from.adding(milliseconds: 5 * 86_400_000), to: from.adding(milliseconds: 25 * 86_400_000))
        let scope = ReportScope(unit: nil, category: nil, range: range)
        let whole = try facts(store, scope)
        for parts in [1, 2, 3] {
            let collected = Collected<(Int, IncidentFacts)>()
            try store.reportFacts(scope, parts: parts) { part, facts in collected.add((part, facts)) }
            let read = collected.all
            XCTAssertEqual(read.map(\.1).sorted { $0.id < $1.id }, whole, "\(parts) parts")
            XCTAssertEqual(Set(read.map(\.0)).count, parts, "every part handed on incidents")
            // Each part's incidents come in id order.
            for part in 0..<parts {
                let ids = read.filter { $0.0 == part }.map(\.1.id)
                XCTAssertEqual(ids, ids.sorted())
            }
        }
        // A filtered scope is read in one part.
        let filtered = Collected<(Int, IncidentFacts)>()
        try store.reportFacts(ReportScope(unit: Fixtures.community, category: nil, range: range), parts: 2) { filtered.add(($0, $1)) }
        XCTAssertEqual(Set(filtered.all.map(\.0)), [0])
        XCTAssertEqual(filtered.all.count, whole.filter { $0.community == Fixtures.community }.count)
    }

    func testPartsOfTinyRangesAreEmptyNotRepeated() throws {
        XCTAssertEqual(ReportQueries.split(5...5, into: 2), [nil, 5...5])
        XCTAssertEqual(ReportQueries.split(1...10, into: 3), [1...3, 4...6, 7...10])
        let directory = TemporaryDirectory()
        try StoreSeeder.incidentHistories(
            path: directory.file("gridd.db"), count: 1, from: Timestamp(rfc3339: "2026-03-01T00:00:00+08:00")!,
            spanMilliseconds: 0, communities: [Fixtures.community], categories: ["0102"])
        let store = try openStore(directory)
        defer { store.close() }
        let collected = Collected<(Int, IncidentFacts)>()
        let range = ReportRange(from: Timestamp(rfc3339: "2026-02-01T00:00:00+08:00")!, to: Timestamp(rfc3339: "2026-04-01T00:00:00+08:00")!)
        try store.reportFacts(ReportScope(unit: nil, category: nil, range: range), parts: 3) { collected.add(($0, $1)) }
        XCTAssertEqual(collected.all.map(\.1.id), [1])
    }

    func testAggregatorsOfPartsMergeIntoTheWholeReport() throws {
        let facts = try seededFacts()
        var whole = ReportAggregator(periods: ReportPeriods(only: facts.range), groupBy: .community, calendar: calendar, registerLimit: 5, now: facts.range.to)
        var first = whole
        var second = whole
        for (index, incident) in facts.all.enumerated() {
            whole.add(incident)
            if index % 3 == 0 { first.add(incident) } else { second.add(incident) }
        }
        first.merge(second)
        let report = { (aggregator: ReportAggregator) in
            aggregator.report(query: ReportQuery(), generatedAt: facts.range.to, unitName: { _ in nil }, categoryName: { _ in nil })
        }
        XCTAssertEqual(report(first), report(whole))
    }

    private func seededFacts() throws -> (all: [IncidentFacts], range: ReportRange) {
        let directory = TemporaryDirectory()
        let from = Timestamp(rfc3339: "2026-03-01T00:00:00+08:00")!
        try StoreSeeder.incidentHistories(
            path: directory.file("gridd.db"), count: 500, from: from, spanMilliseconds: 10 * 86_400_000,
            communities: [Fixtures.community, Fixtures.otherCommunity], categories: ["0102", "0601"])
        let store = try openStore(directory)
        defer { store.close() }
        let range = ReportRange(from: from, to: from.adding(milliseconds: 20 * 86_400_000))
        return (try facts(store, ReportScope(unit: nil, category: nil, range: range)), range)
    }
}

/// Values handed over from other threads.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func add(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
