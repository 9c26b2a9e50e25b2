import CSQLite
import Foundation
import GridCore
import GridTesting
import XCTest

@testable import GridStore

final class PendingTimersTests: XCTestCase {
    func testOrderedByTimeThenIDWithVersionAndKind() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let t = Fixtures.t0
        func incident(_ timers: IncidentTimers) -> Incident {
            var incident = Fixtures.bareIncident()
            incident.policy = Fixtures.policy
            incident.timers = timers
            return incident
        }
        // id 1: warning at +50; id 2: window end at +30; id 3: nothing pending; id 4: reminder at +30;
        // id 5: warning at +10 (before its window end at +5000); id 6: paused (deferred): nothing.
        let rows = [
            incident(IncidentTimers(window: .ack, dueAt: t.adding(milliseconds: 100), warnAt: t.adding(milliseconds: 50))),
            incident(IncidentTimers(window: .ack, dueAt: t.adding(milliseconds: 30), warned: true)),
            incident(IncidentTimers()),
            incident(IncidentTimers(window: .resolve, dueAt: t, overdue: true, nextReminderAt: t.adding(milliseconds: 30))),
            incident(IncidentTimers(window: .verify, dueAt: t.adding(milliseconds: 5000), warnAt: t.adding(milliseconds: 10))),
            incident(IncidentTimers(paused: .init(window: .ack, remaining: .working(60_000), warningRemaining: nil, state: .dispatched))),
        ]
        var ids: [Int64] = []
        for row in rows { ids.append(try submitAndWait(store, row).get().incident.id) }
        XCTAssertEqual(try store.pendingTimers(), [
            ScheduledTimer(incidentID: ids[4], version: 1, kind: .warning, at: t.adding(milliseconds: 10)),
            ScheduledTimer(incidentID: ids[1], version: 1, kind: .windowEnd, at: t.adding(milliseconds: 30)),
            ScheduledTimer(incidentID: ids[3], version: 1, kind: .reminder, at: t.adding(milliseconds: 30)),
            ScheduledTimer(incidentID: ids[0], version: 1, kind: .warning, at: t.adding(milliseconds: 50)),
        ])

        // Transitions move them: id 1 escalates (fresh window, version 2), id 5 closes (none left).
        _ = try transitionAndWait(store, ids[0], expectedVersion: 1, Steps.escalate(at: t, to: Fixtures.street)).get()
        _ = try transitionAndWait(store, ids[4], Steps.close(at: t)).get()
        XCTAssertEqual(try store.pendingTimers(), [
            ScheduledTimer(incidentID: ids[1], version: 1, kind: .windowEnd, at: t.adding(milliseconds: 30)),
            ScheduledTimer(incidentID: ids[3], version: 1, kind: .reminder, at: t.adding(milliseconds: 30)),
            ScheduledTimer(incidentID: ids[0], version: 2, kind: .windowEnd, at: t.adding(milliseconds: 3_600_000)),
        ])
        XCTAssertEqual(try store.statistics(now: Fixtures.t0).pendingTimers, 3)
    }

    func testEmptyDatabaseHasNoTimers() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        XCTAssertEqual(try store.pendingTimers(), [])
    }

    /// The start-up read uses the partial index alone: no table lookups, no sort.
    func testReadsTheCoveringIndexWithoutSorting() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        store.close()
        let connection = try freshConnection(directory)
        let statement = try connection.prepare("EXPLAIN QUERY PLAN " + IncidentQueries.pendingTimers)
        var plan: [String] = []
        while try statement.step() { plan.append(statement.string(at: 3) ?? "") }
        XCTAssertEqual(plan.count, 1, "\(plan)")
        XCTAssertTrue(plan.first?.contains("COVERING INDEX incidents_next_timer") == true, "\(plan)")
        XCTAssertFalse(plan.joined().contains("TEMP B-TREE"), "\(plan)")
    }

    func testSeededIncidentsDecodeAndArePending() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        let due = Fixtures.t0
        let ids = try StoreSeeder.pendingIncidents(
            path: path, count: 10, dueFrom: due, spreadMilliseconds: 10_000, policyJSON: Fixtures.policy.json.serialized())
        XCTAssertEqual(ids, 1...10)
        let more = try StoreSeeder.pendingIncidents(path: path, count: 5, dueFrom: due, spreadMilliseconds: 0)
        XCTAssertEqual(more, 11...15)
        XCTAssertNil(try StoreSeeder.pendingIncidents(path: path, count: 0, dueFrom: due, spreadMilliseconds: 0))
        let store = try openStore(directory)
        defer { store.close() }
        let incident = try XCTUnwrap(try store.incident(id: 3))
        XCTAssertEqual(incident.state, .dispatched)
        XCTAssertEqual(incident.policy, Fixtures.policy)
        XCTAssertEqual(incident.timers.window, .ack)
        XCTAssertEqual(incident.timers.nextTimer?.kind, .windowEnd)
        XCTAssertEqual(try store.incident(id: 12)?.policy, .unset)
        XCTAssertEqual(try store.events(incidentID: 3).map(\.kind), [.dispatched])
        let timers = try store.pendingTimers()
        XCTAssertEqual(timers.count, 15)
        XCTAssertEqual(Set(timers.map(\.incidentID)), Set(1...15))
        XCTAssertTrue(timers.allSatisfy { $0.at >= due && $0.at < due.adding(milliseconds: 10_000) && $0.kind == .windowEnd })
        XCTAssertEqual(timers, timers.sorted { ($0.at, $0.incidentID) < ($1.at, $1.incidentID) })
        XCTAssertEqual(timers.first?.at, due)
    }

    /// A performance smoke test: a million pending timers generated inside SQLite and read back.
    /// It asserts the contents only; the time is printed, never checked (timing belongs in the bench:
    /// `grid-bench deadlines` times the restart that reads them).
    func testAMillionPendingTimers() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        let count = 1_000_000
        let due = Fixtures.t0
        let seedStart = Date()
        try StoreSeeder.pendingIncidents(path: path, count: count, dueFrom: due, spreadMilliseconds: 86_400_000)
        let seeded = Date().timeIntervalSince(seedStart)
        var options = StoreOptions()
        options.quickCheckAtOpen = false
        let store = try openStore(directory, options: options)
        defer { store.close() }
        let readStart = Date()
        let timers = try store.pendingTimers()
        let read = Date().timeIntervalSince(readStart)
        print("pendingTimers: seeded \(count) in \(String(format: "%.2f", seeded)) s, read in \(String(format: "%.3f", read)) s")
        XCTAssertEqual(timers.count, count)
        var previous = timers[0]
        var ordered = true
        for timer in timers.dropFirst() {
            if (timer.at, timer.incidentID) <= (previous.at, previous.incidentID) { ordered = false }
            previous = timer
        }
        XCTAssertTrue(ordered, "ordered by time, then id")
        XCTAssertEqual(timers.first?.at, due)
        XCTAssertLessThan(try XCTUnwrap(timers.last?.at), due.adding(milliseconds: 86_400_000))
        XCTAssertTrue(timers.allSatisfy { $0.version == 1 && $0.kind == .windowEnd })
    }
}
