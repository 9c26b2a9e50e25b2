import CSQLite
import Foundation
import GridCore
import XCTest

@testable import GridStore

/// `gridctl list` filters on the lights (`--overdue`: red, `--near-deadline`: yellow), the
/// statistics that count them, and the operator views; the SQL held to `CaseLight` row by row.
final class DeadlineFilterTests: StoreTestCase {
    private var ids: [String: Int64] = [:]
    /// Real time: `overdue_incidents` and `open_incidents` judge against the shell's clock.
    private let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
    private let hour: Int64 = 3_600_000

    override func setUpWithError() throws {
        try super.setUpWithError()
        let due = now.adding(milliseconds: -(2 * hour + 30_000))  // missed 2 h 0 min 30 s ago
        let later = now.adding(milliseconds: hour)
        let muchLater = now.adding(milliseconds: 10 * hour)
        // name, state, tier, timers
        let rows: [(String, IncidentState, UnitCode, IncidentTimers)] = [
            // Missed at the top tier, reminded: red.
            ("overdue", .acknowledged, Fixtures.district,
                IncidentTimers(window: .resolve, dueAt: due, warned: true, overdue: true, nextReminderAt: later,
                    caseDueAt: muchLater, missedWindows: 3)),
            ("overdue-closed", .closed, Fixtures.district,
                IncidentTimers(window: .resolve, dueAt: due, overdue: true, caseDueAt: due, missedWindows: 2)),
            // Escalated once, a fresh ack window running at the street: still red.
            ("escalated", .dispatched, Fixtures.street,
                IncidentTimers(window: .ack, dueAt: later, caseDueAt: muchLater, missedWindows: 1)),
            // No window missed, past its case deadline: red.
            ("case-late", .acknowledged, Fixtures.community,
                IncidentTimers(window: .resolve, dueAt: later, caseDueAt: due, caseWarnAt: due.adding(milliseconds: -hour))),
            ("yellow", .dispatched, Fixtures.community,
                IncidentTimers(window: .ack, dueAt: later, warned: true, caseDueAt: muchLater)),
            ("yellow-resolve", .acknowledged, Fixtures.street,
                IncidentTimers(window: .resolve, dueAt: later, warned: true, caseDueAt: muchLater)),
            // Its window has not warned; the case deadline's warning has passed: yellow.
            ("yellow-case", .acknowledged, Fixtures.community,
                IncidentTimers(window: .resolve, dueAt: later, caseDueAt: later, caseWarnAt: due)),
            ("paused", .deferred, Fixtures.community,
                IncidentTimers(warned: true, paused: .init(window: .ack, remaining: .working(60_000), warningRemaining: nil, state: .dispatched),
                    caseDueAt: due, missedWindows: 1)),
            ("green", .dispatched, Fixtures.community,
                IncidentTimers(window: .ack, dueAt: later, warnAt: now.adding(milliseconds: hour / 2),
                    caseDueAt: muchLater, caseWarnAt: later)),
            ("no-deadline", .dispatched, Fixtures.community, IncidentTimers(window: .ack, dueAt: later)),
            ("none", .resolved, Fixtures.community, IncidentTimers(caseDueAt: due, missedWindows: 1)),
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

    func testOverdueOnlyIsEveryRedCaseAtAnyTier() throws {
        XCTAssertEqual(try store.keys(IncidentFilter(overdueOnly: true, now: now)), ["case-late", "escalated", "overdue"])
        XCTAssertEqual(try store.keys(IncidentFilter(tier: .community, overdueOnly: true, now: now)), ["case-late"])
        XCTAssertEqual(try store.keys(IncidentFilter(overdueOnly: true, limit: 2, now: now)), ["case-late", "escalated"])
        XCTAssertEqual(try store.keys(IncidentFilter(overdueOnly: true, beforeID: ids["escalated"], now: now)), ["overdue"])
        // Three hours earlier the case deadline had not passed: only the misses are red.
        XCTAssertEqual(
            try store.keys(IncidentFilter(overdueOnly: true, now: now.adding(milliseconds: -3 * hour))), ["escalated", "overdue"])
    }

    func testNearDeadlineIsEveryYellowCase() throws {
        XCTAssertEqual(try store.keys(IncidentFilter(nearDeadline: true, now: now)), ["yellow-case", "yellow-resolve", "yellow"])
        XCTAssertEqual(try store.keys(IncidentFilter(state: .dispatched, nearDeadline: true, now: now)), ["yellow"])
        // Five hours on, `yellow-case` is past its case deadline (red) and `green` past its warning.
        XCTAssertEqual(
            try store.keys(IncidentFilter(nearDeadline: true, now: now.adding(milliseconds: 5 * hour))), ["green", "yellow-resolve", "yellow"])
    }

    /// The lists' SQL, the statistics' and the views' say what `CaseLight` says, for every row.
    func testTheSQLLightsAreCaseLight() throws {
        let all = try store.incidents(matching: IncidentFilter(now: now))
        let red = Set(try store.keys(IncidentFilter(overdueOnly: true, now: now)))
        let yellow = Set(try store.keys(IncidentFilter(nearDeadline: true, now: now)))
        let connection = try freshConnection(directory)
        let viewLights = Dictionary(
            uniqueKeysWithValues: try connection.strings("SELECT key || ' ' || coalesce(light, '-') FROM open_incidents").map { row in
                let parts = row.split(separator: " ").map(String.init)
                return (parts[0], parts[1])
            })
        for incident in all {
            let key = incident.key ?? "?"
            let light = CaseLight.of(incident, at: now)
            XCTAssertEqual(red.contains(key), light == .red, key)
            XCTAssertEqual(yellow.contains(key), light == .yellow, key)
            if incident.state.isOpen { XCTAssertEqual(viewLights[key], light?.rawValue ?? "-", key) }
        }
        XCTAssertEqual(all.compactMap { CaseLight.of($0, at: now) == .green ? $0.key : nil }, ["no-deadline", "green"])
    }

    /// The lists read the light index, not the table: the ids come from it alone.
    func testTheListsReadTheLightIndexOnly() throws {
        let connection = try freshConnection(directory)
        for condition in [IncidentQueries.redCondition, IncidentQueries.yellowCondition] {
            let explain = try connection.prepare(
                "EXPLAIN QUERY PLAN SELECT id FROM incidents INDEXED BY incidents_light WHERE \(condition) ORDER BY id DESC LIMIT 100"
                    .replacingOccurrences(of: "?", with: String(now.milliseconds)))
            var plan: [String] = []
            while try explain.step() { plan.append(explain.string(at: 3) ?? "") }
            XCTAssertTrue(plan.joined().contains("COVERING INDEX incidents_light"), "\(plan)")
        }
    }

    func testWindow() throws {
        XCTAssertEqual(try store.keys(IncidentFilter(window: .ack)), ["no-deadline", "green", "yellow", "escalated"])
        XCTAssertEqual(
            try store.keys(IncidentFilter(window: .resolve)), ["yellow-case", "yellow-resolve", "case-late", "overdue-closed", "overdue"])
        XCTAssertEqual(
            try store.keys(IncidentFilter(openOnly: true, window: .resolve)), ["yellow-case", "yellow-resolve", "case-late", "overdue"])
        XCTAssertEqual(try store.keys(IncidentFilter(window: .verify)), [])
    }

    /// Appends the 超期 of `name`: a missed resolve window charged to `unit`, due at `due`.
    private func charge(_ name: String, unit: UnitCode, tier: Tier, due: Timestamp) throws {
        let event = IncidentEvent(
            incidentID: ids[name]!, kind: .overdue, at: due, tier: tier, unit: unit, actor: .system, due: due,
            detail: ["window": "resolve", "charged_unit": .string(unit.rawValue), "charged_tier": .string(tier.name)])
        let collector = Collector<Result<Void, StoreError>>()
        collector.expect()
        store.write({ context in _ = try IncidentQueries.append(event, in: context) }) { collector.add($0) }
        collector.wait()
        try collector.all.first?.get()
    }

    func testOverdueViewIsTheRedListWithWhoMissedWhat() throws {
        let due = try XCTUnwrap(store.incident(id: ids["overdue"]!)?.timers.dueAt)
        try charge("overdue", unit: Fixtures.community, tier: .community, due: due.adding(milliseconds: -2 * hour))
        try charge("overdue", unit: Fixtures.street, tier: .street, due: due.adding(milliseconds: -hour))
        try charge("overdue", unit: Fixtures.district, tier: .district, due: due)
        try charge("escalated", unit: Fixtures.community, tier: .community, due: now.adding(milliseconds: -hour))
        let connection = try freshConnection(directory)
        XCTAssertEqual(
            try connection.strings("SELECT key FROM overdue_incidents"), ["overdue", "case-late", "escalated"],
            "every red open case, longest red first (the first miss, or the case deadline)")
        let row = try connection.prepare("""
            SELECT id, key, tier, tier_name, unit, window, due, overdue_ms, overdue_for, next_reminder, state, charged,
                   missed_windows, red_since
            FROM overdue_incidents
            """)
        XCTAssertTrue(try row.step())
        XCTAssertEqual(row.int64(at: 0), ids["overdue"])
        XCTAssertEqual(row.string(at: 1), "overdue")
        XCTAssertEqual(row.int64(at: 2), 3)
        XCTAssertEqual(row.string(at: 3), "district")
        XCTAssertEqual(row.string(at: 4), Fixtures.district.rawValue)
        XCTAssertEqual(row.string(at: 5), "resolve")
        XCTAssertEqual(row.string(at: 6), due.description)
        let overdueMilliseconds = row.int64(at: 7)
        XCTAssertGreaterThanOrEqual(overdueMilliseconds, 4 * hour + 30_000 - 1000, "red since its first miss")
        // The view measures against SQLite's clock, so allow for a slow, loaded machine.
        XCTAssertLessThan(overdueMilliseconds, 4 * hour + 30_000 + 10 * 60_000)
        XCTAssertTrue(row.string(at: 8)?.hasPrefix("0d 04:") ?? false, "\(row.string(at: 8) ?? "nil")")
        XCTAssertEqual(row.string(at: 9), now.adding(milliseconds: 3_600_000).description)
        XCTAssertEqual(row.string(at: 10), "acknowledged")
        XCTAssertEqual(
            row.string(at: 11),
            "\(Fixtures.community.rawValue) resolve, \(Fixtures.street.rawValue) resolve, \(Fixtures.district.rawValue) resolve")
        XCTAssertEqual(row.int64(at: 12), 3)
        XCTAssertEqual(row.string(at: 13), due.adding(milliseconds: -2 * hour).description)
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
