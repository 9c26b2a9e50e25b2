import CSQLite
import GridCore
import XCTest

@testable import GridStore

final class MigrationTests: XCTestCase {
    func testFreshDatabaseGetsTheTablesViewsAndWAL() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let connection = try freshConnection(directory)
        XCTAssertEqual(try connection.scalarInt("PRAGMA user_version"), Int64(Migration.supportedVersion))
        XCTAssertEqual(try connection.strings("PRAGMA journal_mode"), ["wal"])
        let objects = Set(try connection.strings("SELECT type || ':' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"))
        for expected in [
            "table:incidents", "table:events", "view:open_incidents", "view:incident_timeline", "view:outcomes",
            "trigger:events_no_update", "trigger:events_no_delete", "index:events_incident", "index:incidents_state",
            "index:incidents_unit", "index:incidents_community", "index:incidents_next_timer",
            "view:overdue_incidents",
        ] {
            XCTAssertTrue(objects.contains(expected), "missing \(expected)")
        }
        // Every index costs each intake insert: exactly these on incidents (plus the key's UNIQUE).
        XCTAssertEqual(
            Set(try connection.strings("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'incidents'")),
            ["sqlite_autoindex_incidents_1", "incidents_state", "incidents_unit", "incidents_community", "incidents_next_timer"])
        XCTAssertEqual(try store.statistics().schemaVersion, Migration.supportedVersion)
    }

    func testReopeningIsANoOpAndKeepsData() throws {
        let directory = TemporaryDirectory()
        var store = try openStore(directory)
        let outcome = try submitAndWait(store, Fixtures.fullIncident()).get()
        store.close()
        let schemaBefore = try freshConnection(directory).strings("SELECT sql FROM sqlite_schema ORDER BY name")
        store = try openStore(directory)
        defer { store.close() }
        XCTAssertEqual(try Migrator.migrate(freshConnection(directory)), [], "nothing left to apply")
        XCTAssertEqual(try freshConnection(directory).scalarInt("PRAGMA user_version"), Int64(Migration.supportedVersion))
        XCTAssertEqual(try freshConnection(directory).strings("SELECT sql FROM sqlite_schema ORDER BY name"), schemaBefore)
        XCTAssertEqual(try store.incident(id: outcome.incident.id), outcome.incident)
    }

    func testNewerSchemaIsRefusedAndLeftAlone() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        do {
            let connection = try Connection(path: path)
            try connection.execute("CREATE TABLE future (x); PRAGMA user_version = 99")
            connection.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try IncidentStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .schemaTooNew(found: 99, supported: Migration.supportedVersion))
            XCTAssertTrue("\(error)".contains("schema version 99"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try Connection(path: path).strings("PRAGMA journal_mode"), ["delete"], "not switched to WAL")
    }

    func testViewsRenderReadableTimes() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        var incident = Fixtures.fullIncident()
        incident.createdAt = Timestamp(rfc3339: "2026-11-28T04:19:13.250Z")!
        var event = Fixtures.event(for: incident)
        event.due = incident.createdAt.adding(milliseconds: -1500)
        let outcome = try submitAndWait(store, incident, event: event).get()
        let connection = try freshConnection(directory)
        XCTAssertEqual(
            try connection.strings("SELECT created FROM open_incidents WHERE id = \(outcome.incident.id)"),
            ["2026-11-28T04:19:13.250Z"])
        let timeline = try connection.prepare("SELECT at, due, late_ms, kind, title FROM incident_timeline")
        XCTAssertTrue(try timeline.step())
        XCTAssertEqual(timeline.string(at: 0), "2026-11-28T04:19:13.250Z")
        XCTAssertEqual(timeline.string(at: 1), "2026-11-28T04:19:11.750Z")
        XCTAssertEqual(timeline.int64(at: 2), 1500)
        XCTAssertEqual(timeline.string(at: 3), "dispatched")
        XCTAssertEqual(timeline.string(at: 4), "暴露垃圾")
        let outcomes = try connection.prepare("SELECT unit, category, total, open, dispatched, closed FROM outcomes")
        XCTAssertTrue(try outcomes.step())
        XCTAssertEqual(outcomes.string(at: 0), Fixtures.community.rawValue)
        XCTAssertEqual((2...5).map { outcomes.int64(at: Int32($0)) }, [1, 1, 1, 0])
    }

    /// The CHECK lists are frozen in migration 1; a new case in the model must come with a migration.
    func testCheckConstraintsAcceptEveryModelCase() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        var incidents: [Incident] = []
        for (index, state) in IncidentState.allCases.enumerated() {
            var incident = Fixtures.bareIncident()
            incident.state = state
            incident.priority = Priority.allCases[index % Priority.allCases.count]
            incident.placement.method = Placement.Method.allCases[index % Placement.Method.allCases.count]
            incident.source = IntakeSource.allCases[index % IntakeSource.allCases.count]
            incident.tier = Tier.allCases[index % Tier.allCases.count]
            incidents.append(incident)
        }
        for window in IncidentTimers.Window.allCases {
            var incident = Fixtures.fullIncident(key: nil)
            incident.timers.window = window
            incidents.append(incident)
        }
        for kind in PendingTimer.Kind.allCases {
            var incident = Fixtures.bareIncident()
            let at = Fixtures.t0
            switch kind {
            case .warning: incident.timers = IncidentTimers(window: .ack, dueAt: at, warnAt: at)
            case .windowEnd: incident.timers = IncidentTimers(window: .ack, dueAt: at)
            case .reminder: incident.timers = IncidentTimers(window: .ack, dueAt: at, overdue: true, nextReminderAt: at)
            }
            XCTAssertEqual(incident.timers.nextTimer?.kind, kind)
            incidents.append(incident)
        }
        for incident in incidents { _ = try submitAndWait(store, incident).get() }
        let stored = try store.incidents(matching: IncidentFilter())
        XCTAssertEqual(Set(stored.map(\.state)), Set(IncidentState.allCases))
        XCTAssertEqual(Set(stored.compactMap(\.timers.window)), Set(IncidentTimers.Window.allCases))
        XCTAssertEqual(Set(try store.pendingTimers().map(\.kind)), Set(PendingTimer.Kind.allCases))
        let collector = Collector<Result<Void, StoreError>>()
        for kind in IncidentEvent.Kind.allCases {
            collector.expect()
            var event = Fixtures.event(for: stored[0])
            event.incidentID = stored[0].id
            event.kind = kind
            let recorded = event
            store.write({ context in _ = try IncidentQueries.append(recorded, in: context) }) { collector.add($0) }
        }
        collector.wait()
        for result in collector.all { XCTAssertNoThrow(try result.get()) }
        XCTAssertEqual(try store.events(incidentID: stored[0].id).count, IncidentEvent.Kind.allCases.count + 1)
    }
}
