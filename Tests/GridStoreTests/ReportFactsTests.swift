import GridCore
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

    func testTimelinesOfTheRealLifecycleReadBackAsFacts() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        // Monday 1 June 2026, 09:00: acknowledged at 09:30 (resolve window 3wd: due Thursday 09:30),
        // resolved Wednesday 10:00, reopened, resolved again Thursday 11:00, closed Thursday 15:00.
        let first = try open(store, at: "2026-06-01T09:00:00+08:00")
        try step(store, first.id, .acknowledge, at: "2026-06-01T09:30:00+08:00")
        try step(store, first.id, .resolve, at: "2026-06-03T10:00:00+08:00")
        try step(store, first.id, .reopen, at: "2026-06-03T16:00:00+08:00")
        try step(store, first.id, .resolve, at: "2026-06-04T11:00:00+08:00")
        try step(store, first.id, .close, at: "2026-06-04T15:00:00+08:00")
        // Deferred with its ack window paused.
        let second = try open(store, at: "2026-06-02T09:00:00+08:00", category: "0601")
        try step(store, second.id, .defer, at: "2026-06-02T10:00:00+08:00", note: "等待物业配合")

        let june = ReportRange(from: Timestamp(rfc3339: "2026-06-01T00:00:00+08:00")!, to: Timestamp(rfc3339: "2026-07-01T00:00:00+08:00")!)
        let read = try facts(store, ReportScope(unit: nil, category: nil, range: june))
        XCTAssertEqual(read.map(\.id), [first.id, second.id])
        let closed = read[0]
        XCTAssertEqual(closed.state, .closed)
        XCTAssertEqual(closed.community, Fixtures.community)
        XCTAssertEqual(closed.category, "0102")
        XCTAssertEqual(closed.reopenCount, 1)
        XCTAssertEqual(closed.resolvedOnTime, true)
        XCTAssertEqual(closed.events.firstAcknowledgedAt, Timestamp(rfc3339: "2026-06-01T09:30:00+08:00"))
        XCTAssertEqual(closed.events.lastResolvedAt, Timestamp(rfc3339: "2026-06-04T11:00:00+08:00"))
        // The reopen started a fresh 3wd resolve window at Wednesday 16:00: due Monday 16:00.
        XCTAssertEqual(closed.events.lastResolveDue, Timestamp(rfc3339: "2026-06-08T16:00:00+08:00"))
        XCTAssertEqual(closed.events.closedAt, Timestamp(rfc3339: "2026-06-04T15:00:00+08:00"))
        let deferred = read[1]
        XCTAssertEqual(deferred.state, .deferred)
        XCTAssertEqual(deferred.events.lastDeferredAt, Timestamp(rfc3339: "2026-06-02T10:00:00+08:00"))
        XCTAssertEqual(deferred.pausedRemaining, .working(3_600_000), "1 of the 2 working hours to acknowledge were left")
        XCTAssertEqual(deferred.light(at: Timestamp(rfc3339: "2026-06-03T00:00:00+08:00")!), .paused)
        XCTAssertEqual(
            ReportRules.closeDeadline(of: deferred, calendar: calendar), Timestamp(rfc3339: "2026-06-02T11:00:00+08:00"),
            "the deferral plus what was left")
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
        var aggregator = ReportAggregator(range: range, groupBy: .community, calendar: calendar, registerLimit: 100, now: range.to)
        try store.reportFacts(ReportScope(unit: nil, category: nil, range: range)) { aggregator.add($0) }
        let report = aggregator.report(query: ReportQuery(), generatedAt: range.to, unitName: { _ in nil }, categoryName: { _ in nil })
        let total = report.total
        // Two of each outcome per hundred: see `StoreSeeder.incidentHistories`.
        XCTAssertEqual(total.received, 200)
        XCTAssertEqual(total.cancelled, 6)
        XCTAssertEqual(total.closed, 160, "60 + 10 + 5 + 5 per hundred")
        XCTAssertEqual(total.reworked, 10)
        XCTAssertEqual(total.due, 194, "every one but the cancelled")
        XCTAssertEqual(total.deferred, 6)
        XCTAssertEqual(total.closedOfDue, 160)
        XCTAssertEqual(total.closedOnTime, 140, "all closed but the 10 per hundred resolved late")
        // 超期: the 16 escalations' misses and the 6 at the city.
        XCTAssertEqual([total.escalatedToStreet, total.escalatedToDistrict, total.escalatedToCity, total.enteredOverdue], [16, 6, 6, 34])
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
        var whole = ReportAggregator(range: facts.range, groupBy: .community, calendar: calendar, registerLimit: 5, now: facts.range.to)
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
