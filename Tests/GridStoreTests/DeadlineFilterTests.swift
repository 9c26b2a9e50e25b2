import CSQLite
import Foundation
import GridCore
import XCTest

@testable import GridStore

/// `gridctl list` filters on deadlines, the statistics that count them, and the operator views.
final class DeadlineFilterTests: StoreTestCase {
    private var ids: [String: Int64] = [:]
    /// Real time: `overdue_incidents` measures against the shell's clock.
    private let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))

    override func setUpWithError() throws {
        try super.setUpWithError()
        let hour: Int64 = 3_600_000
        let due = now.adding(milliseconds: -(2 * hour + 30_000))  // missed 2 h 0 min 30 s ago
        // name, state, tier, timers
        let rows: [(String, IncidentState, UnitCode, IncidentTimers)] = [
            ("overdue", .acknowledged, Fixtures.district,
                IncidentTimers(window: .resolve, dueAt: due, warned: true, overdue: true, nextReminderAt: now.adding(milliseconds: hour))),
            ("overdue-closed", .closed, Fixtures.district,
                IncidentTimers(window: .resolve, dueAt: due, overdue: true)),
            ("yellow", .dispatched, Fixtures.community,
                IncidentTimers(window: .ack, dueAt: now.adding(milliseconds: hour), warned: true)),
            ("yellow-resolve", .acknowledged, Fixtures.street,
                IncidentTimers(window: .resolve, dueAt: now.adding(milliseconds: hour), warned: true)),
            ("paused", .deferred, Fixtures.community,
                IncidentTimers(warned: true, paused: .init(window: .ack, remaining: .working(60_000), warningRemaining: nil, state: .dispatched))),
            ("green", .dispatched, Fixtures.community,
                IncidentTimers(window: .ack, dueAt: now.adding(milliseconds: hour), warnAt: now.adding(milliseconds: hour / 2))),
            ("none", .resolved, Fixtures.community, IncidentTimers()),
        ]
        for (name, state, unit, timers) in rows {
            var incident = Fixtures.bareIncident(unit: unit)
            incident.key = name
            incident.state = state
            incident.policy = Fixtures.policy
            incident.timers = timers
            ids[name] = try submitAndWait(store, incident).get().incident.id
        }
    }

    func testOverdueOnly() throws {
        XCTAssertEqual(try store.keys(IncidentFilter(overdueOnly: true)), ["overdue"])
        XCTAssertEqual(try store.keys(IncidentFilter(tier: .community, overdueOnly: true)), [])
    }

    func testNearDeadline() throws {
        XCTAssertEqual(try store.keys(IncidentFilter(nearDeadline: true)), ["yellow-resolve", "yellow"])
        XCTAssertEqual(try store.keys(IncidentFilter(state: .dispatched, nearDeadline: true)), ["yellow"])
    }

    func testWindow() throws {
        XCTAssertEqual(try store.keys(IncidentFilter(window: .ack)), ["green", "yellow"])
        XCTAssertEqual(try store.keys(IncidentFilter(window: .resolve)), ["yellow-resolve", "overdue-closed", "overdue"])
        XCTAssertEqual(try store.keys(IncidentFilter(openOnly: true, window: .resolve)), ["yellow-resolve", "overdue"])
        XCTAssertEqual(try store.keys(IncidentFilter(window: .verify)), [])
    }

    func testStatisticsCountDeadlines() throws {
        let statistics = try store.statistics()
        XCTAssertEqual(statistics.overdueIncidents, 1)
        XCTAssertEqual(statistics.nearDeadlineIncidents, 2)
        XCTAssertEqual(statistics.pendingTimers, 4, "overdue (reminder), yellow, yellow-resolve, green")
        XCTAssertEqual(statistics.openIncidentsByTierAndState[.community], [.dispatched: 2, .deferred: 1, .resolved: 1])
        XCTAssertEqual(statistics.openIncidentsByTierAndState[.street], [.acknowledged: 1])
        XCTAssertEqual(statistics.openIncidentsByTierAndState[.district], [.acknowledged: 1])
        XCTAssertNil(statistics.openIncidentsByTierAndState[.city])
        XCTAssertEqual(statistics.openIncidentsByTier, [.community: 4, .street: 1, .district: 1, .city: 0])
        XCTAssertEqual(statistics.openIncidents, 6)
    }

    func testOverdueView() throws {
        let connection = try freshConnection(directory)
        let row = try connection.prepare("""
            SELECT id, key, tier, tier_name, unit, window, due, overdue_ms, overdue_for, next_reminder, state
            FROM overdue_incidents
            """)
        XCTAssertTrue(try row.step())
        XCTAssertEqual(row.int64(at: 0), ids["overdue"])
        XCTAssertEqual(row.string(at: 1), "overdue")
        XCTAssertEqual(row.int64(at: 2), 3)
        XCTAssertEqual(row.string(at: 3), "district")
        XCTAssertEqual(row.string(at: 4), Fixtures.district.rawValue)
        XCTAssertEqual(row.string(at: 5), "resolve")
        let due = try XCTUnwrap(store.incident(id: ids["overdue"]!)?.timers.dueAt)
        XCTAssertEqual(row.string(at: 6), due.description)
        let overdueMilliseconds = row.int64(at: 7)
        XCTAssertGreaterThanOrEqual(overdueMilliseconds, 2 * 3_600_000 + 30_000 - 1000)
        // The view measures against SQLite's clock, so allow for a slow, loaded machine.
        XCTAssertLessThan(overdueMilliseconds, 2 * 3_600_000 + 30_000 + 10 * 60_000)
        XCTAssertTrue(row.string(at: 8)?.hasPrefix("0d 02:") ?? false, "\(row.string(at: 8) ?? "nil")")
        XCTAssertEqual(row.string(at: 9), now.adding(milliseconds: 3_600_000).description)
        XCTAssertEqual(row.string(at: 10), "acknowledged")
        XCTAssertFalse(try row.step(), "only open incidents on the register")
    }

    func testOpenIncidentsViewShowsTimers() throws {
        let connection = try freshConnection(directory)
        let row = try connection.prepare("""
            SELECT window, due, warn, warned, overdue, next_timer_kind, next_timer, paused, reopen_count
            FROM open_incidents WHERE key = 'green'
            """)
        XCTAssertTrue(try row.step())
        XCTAssertEqual(row.string(at: 0), "ack")
        XCTAssertEqual(row.string(at: 1), now.adding(milliseconds: 3_600_000).description)
        XCTAssertEqual(row.string(at: 2), now.adding(milliseconds: 1_800_000).description)
        XCTAssertEqual(row.int64(at: 3), 0)
        XCTAssertEqual(row.int64(at: 4), 0)
        XCTAssertEqual(row.string(at: 5), "warning")
        XCTAssertEqual(row.string(at: 6), now.adding(milliseconds: 1_800_000).description)
        XCTAssertNil(row.string(at: 7))
        XCTAssertEqual(row.int64(at: 8), 0)
        XCTAssertEqual(
            try connection.strings("SELECT json_extract(paused, '$.window') FROM open_incidents WHERE key = 'paused'"),
            ["ack"])
    }
}
