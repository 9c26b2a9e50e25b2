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
        // Every index costs each intake insert: exactly these on incidents (the key's is per submitter).
        XCTAssertEqual(
            Set(try connection.strings("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'incidents'")),
            ["incidents_key", "incidents_state", "incidents_unit", "incidents_community", "incidents_next_timer", "incidents_light",
             "incidents_request", "incidents_to_visit", "incidents_category"])
        XCTAssertEqual(try store.statistics(now: Fixtures.t0).schemaVersion, Migration.supportedVersion)
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

    /// Migration 3 rebuilds `incidents` (the key's UNIQUE was a column constraint) on a database
    /// made by the code before it: rows, ids, events, the outbox and their references survive; the
    /// keys are scoped to their creators; the schema ends up as a fresh database's.
    func testVersion2DatabaseGetsKeysScopedToTheirSubmitter() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        do {
            // As the writer of version 2 had it: WAL, foreign keys on, migrations 1 and 2.
            let policy = IncidentRecords.policyText(Fixtures.policy).replacingOccurrences(of: "'", with: "''")
            let connection = try Connection(path: path)
            try connection.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON")
            XCTAssertEqual(try Migrator.migrate(connection, migrations: Array(Migration.all.prefix(2))), [1, 2])
            try connection.execute("""
                INSERT INTO incidents (id, key, category, priority, state, tier, unit, route_method, title, reporter_phone,
                    created_at, updated_at, version, source, created_uid, policy, next_timer_at, next_timer_kind)
                VALUES (7, 'device-7#1', '0102', 'normal', 'dispatched', 1, '110105001002', 'fallback', '旧的', '13800138000',
                        1, 1, 1, 'socket', 1001, '\(policy)', 5, 'window_end'),
                       (9, NULL, '0301', 'low', 'closed', 2, '110105001', 'fallback', NULL, NULL, 2, 3, 4, 'spool', 1002, '\(policy)',
                        NULL, NULL);
                INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid) VALUES (7, 'dispatched', 1, 1, '110105001002', 1001);
                INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid) VALUES (9, 'dispatched', 2, 2, '110105001', 1002);
                INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid) VALUES (9, 'closed', 3, 2, '110105001', 1002);
                INSERT INTO outbox (event_seq, incident_id, kind) VALUES (1, 7, 'dispatched');
                """)
            connection.close()
        }
        let store = try IncidentStore(path: path)
        defer { store.close() }
        let connection = try freshConnection(directory)
        XCTAssertEqual(try connection.scalarInt("PRAGMA user_version"), Int64(Migration.supportedVersion))
        XCTAssertEqual(try connection.strings("SELECT key FROM incidents ORDER BY id"), ["device-7#1", ""], "SELECT key still works")
        XCTAssertEqual(
            try connection.strings("""
                SELECT id || '|' || coalesce(key_uid, 'null') || '|' || typeof(key_digest) || '|' || created_uid
                    || '|' || coalesce(title, '') || '|' || coalesce(reporter_phone, '') || '|' || version || '|' || coalesce(next_timer_at, '')
                FROM incidents ORDER BY id
                """),
            ["7|1001|null|1001|旧的|13800138000|1|5", "9|null|null|1002|||4|"])
        XCTAssertEqual(try connection.strings("SELECT seq || ':' || incident_id || ':' || kind FROM events ORDER BY seq"),
            ["1:7:dispatched", "2:9:dispatched", "3:9:closed"])
        XCTAssertEqual(try connection.strings("SELECT event_seq || ':' || incident_id FROM outbox"), ["1:7"])
        XCTAssertEqual(try connection.strings("PRAGMA foreign_key_check"), [])
        XCTAssertThrowsError(try connection.execute("DELETE FROM events WHERE seq = 1"), "events stays append-only")
        XCTAssertEqual(try connection.strings("SELECT id FROM open_incidents"), ["7"])
        XCTAssertEqual(try connection.strings("SELECT incident_id || ':' || key FROM incident_timeline WHERE seq = 1"), ["7:device-7#1"])
        XCTAssertEqual(try store.pendingTimers().map(\.incidentID), [7])

        // The writer has its foreign keys back on after the rebuild.
        let foreignKeys = Collector<Result<Int64?, StoreError>>()
        foreignKeys.expect()
        store.write({ context in try context.connection.scalarInt("PRAGMA foreign_keys") }) { foreignKeys.add($0) }
        foreignKeys.wait()
        XCTAssertEqual(try foreignKeys.all.first?.get(), 1)

        // The old row's key is its creator's; its content is unknown, so taken as the same.
        var retry = Fixtures.bareIncident()
        retry.key = "device-7#1"
        retry.createdBy = Actor(uid: 1001)
        let again = try submitAndWait(store, retry, keyDigest: IdempotencyTests.digestA).get()
        XCTAssertFalse(again.created)
        XCTAssertEqual(again.incident.id, 7)
        retry.createdBy = Actor(uid: 1003)
        XCTAssertTrue(try submitAndWait(store, retry, keyDigest: IdempotencyTests.digestA).get().created)

        // The same schema as a database made at version 3 (the table's text aside: RENAME quotes its name).
        let fresh = TemporaryDirectory()
        let freshStore = try openStore(fresh)
        defer { freshStore.close() }
        let schema = "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || (CASE WHEN type = 'table' THEN '' ELSE coalesce(sql, '') END) FROM sqlite_schema ORDER BY type, name"
        XCTAssertEqual(try connection.strings(schema), try freshConnection(fresh).strings(schema))
        XCTAssertEqual(
            try connection.strings("SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || coalesce(dflt_value, '') FROM pragma_table_info('incidents')"),
            try freshConnection(fresh).strings("SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || coalesce(dflt_value, '') FROM pragma_table_info('incidents')"))
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
            case .resume:
                incident.state = .deferred
                incident.timers = IncidentTimers(
                    paused: IncidentTimers.Paused(window: .ack, remaining: .calendar(1), warningRemaining: nil, state: .dispatched, until: at))
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
