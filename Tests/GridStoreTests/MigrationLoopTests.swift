import CSQLite
import GridCore
import GridTesting
import XCTest

@testable import GridStore

/// Migration 5 on a database made as version 4 made it (`Version4Database`): `incidents` and
/// `events` rebuilt to admit the new states, windows, timers and kinds (every row, id, seq and
/// column kept; triggers, indexes and the outbox's references too), the new columns filled for old
/// rows (channel `other`, registered at creation), the deferred case taken as an approved 缓办,
/// and the schema of a fresh database.
final class MigrationLoopTests: XCTestCase {
    typealias V = Version3Database

    /// Every version-4 column of `incidents`, as text, by id.
    static let version4Row = """
        SELECT id || '|' || quote(key) || '|' || category || '|' || priority || '|' || state || '|' || tier || '|' || unit
            || '|' || quote(cell) || '|' || quote(community) || '|' || quote(title) || '|' || created_at || '|' || updated_at
            || '|' || version || '|' || policy || '|' || quote(window) || '|' || quote(due_at) || '|' || warned || '|' || overdue
            || '|' || quote(paused) || '|' || quote(resolved_on_time) || '|' || reopen_count || '|' || quote(next_timer_at)
            || '|' || quote(next_timer_kind) || '|' || quote(case_due_at) || '|' || quote(case_warn_at) || '|' || missed_windows
        FROM incidents ORDER BY id
        """

    func testVersion4DatabaseKeepsEveryRowAndTakesItsDeferralAsApproved() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        try Version4Database.create(path: path)
        let old = try Connection(path: path)
        XCTAssertEqual(try old.scalarInt("PRAGMA user_version"), 4)
        let rowsBefore = try old.strings(Self.version4Row)
        let eventsBefore = try old.strings("SELECT seq || ' ' || incident_id || ' ' || kind || ' ' || at || ' ' || detail FROM events ORDER BY seq")
        let outboxBefore = try old.strings("SELECT event_seq || ':' || incident_id FROM outbox")
        old.close()
        XCTAssertEqual(eventsBefore.count, 29, "23 of version 3, 5 migrated 超期, the 延期")

        let store = try IncidentStore(path: path)
        defer { store.close() }
        let connection = try freshConnection(directory)
        XCTAssertEqual(try connection.scalarInt("PRAGMA user_version"), Int64(Migration.supportedVersion))
        XCTAssertEqual(try connection.strings(Self.version4Row), rowsBefore, "every version-4 column of every case kept")
        XCTAssertEqual(
            Array(try connection.strings("SELECT seq || ' ' || incident_id || ' ' || kind || ' ' || at || ' ' || detail FROM events ORDER BY seq").prefix(29)),
            eventsBefore, "every event kept, with its seq")
        XCTAssertEqual(try connection.strings("SELECT event_seq || ':' || incident_id FROM outbox"), outboxBefore)
        XCTAssertEqual(try connection.strings("PRAGMA foreign_key_check"), [])
        XCTAssertThrowsError(try connection.execute("DELETE FROM events WHERE seq = 1"), "still append-only")
        XCTAssertThrowsError(try connection.execute("UPDATE events SET note = 'x' WHERE seq = 1"), "still append-only")

        // Old rows: channel other, registered when created, no request, no 督办, no 回访.
        XCTAssertEqual(
            try connection.strings("SELECT DISTINCT channel || ' ' || (registered_at = created_at) || ' ' || quote(request) || ' ' || supervised || ' ' || quote(visit_result) FROM incidents"),
            ["other 1 NULL 0 NULL"])
        // Who resolved each case last, from its last `resolved` event (Version3Database's are uid 0).
        XCTAssertEqual(
            try connection.strings("SELECT id || ':' || quote(resolved_uid) FROM incidents ORDER BY id"),
            ["1:0", "2:NULL", "3:0", "4:NULL", "5:0", "6:NULL"])

        // The deferred case: still deferred with its paused window, its deferral taken as approved.
        let events = try store.events(incidentID: V.Case.deferred.rawValue)
        XCTAssertEqual(events.map(\.kind), [.dispatched, .acknowledged, .deferred, .approved])
        let approval = try XCTUnwrap(events.last)
        XCTAssertEqual(approval.at, events[2].at, "at its deferral")
        XCTAssertEqual(approval.actor, .system)
        XCTAssertEqual(approval.unit, V.community)
        XCTAssertEqual(approval.detail, ["request": "defer", "migrated": true])
        XCTAssertEqual(try connection.scalarInt("SELECT count(*) FROM events WHERE kind = 'approved'"), 1, "only the case deferred now")
        let deferred = try XCTUnwrap(store.incident(id: V.Case.deferred.rawValue))
        XCTAssertEqual(deferred.state, .deferred)
        XCTAssertEqual(deferred.timers.paused?.state, .acknowledged)
        XCTAssertNil(deferred.request)
        XCTAssertEqual(CaseLight.of(deferred, at: V.createdAt), .paused)
        XCTAssertEqual(try connection.strings("SELECT light FROM open_incidents WHERE id = 4"), ["paused"])

        // Every row decodes with the new fields; the case deadlines and 超期 are as version 4 left them.
        let all = try store.incidents(matching: IncidentFilter())
        XCTAssertEqual(all.count, 6)
        for incident in all {
            XCTAssertEqual(incident.channel, .other)
            XCTAssertEqual(incident.registeredAt, incident.createdAt)
            XCTAssertEqual(incident.supervisedCount, 0)
            XCTAssertNil(incident.visit)
        }
        let street = try XCTUnwrap(store.incident(id: V.Case.startedAtTheStreet.rawValue))
        XCTAssertEqual(street.timers.caseDueAt, Timestamp(milliseconds: V.at(200)))
        XCTAssertEqual(try store.incident(id: V.Case.overdueAtTheTop.rawValue)?.timers.missedWindows, 4)
        XCTAssertEqual(try store.events(incidentID: street.id).last?.kind, .extended)

        // The new states, windows and kinds are admitted; a request that is not one is not.
        XCTAssertNoThrow(try connection.execute("""
            UPDATE incidents SET state = 'suspended', channel = 'hotline', supervised = 2, visit_result = 'basic',
                request = '{"kind":"extend","by":"2wd","note":"n","uid":1001,"at":1}' WHERE id = 6
            """))
        XCTAssertThrowsError(try connection.execute("UPDATE incidents SET request = '{\"kind\":\"later\"}' WHERE id = 6"))
        XCTAssertThrowsError(try connection.execute("UPDATE incidents SET channel = 'fax' WHERE id = 6"))
        XCTAssertNoThrow(try connection.execute("UPDATE incidents SET state = 'reported', window = 'register' WHERE id = 3"))
        let reported = try XCTUnwrap(store.incident(id: 6))
        XCTAssertEqual(reported.request?.kind, .extend)
        XCTAssertEqual(reported.channel, .hotline)

        try assertSchemaIsAFreshDatabases(connection)
    }

    /// The report's single pass over a migrated database: the approval migration 5 wrote for the
    /// deferred case is no decision (`requests_approved` stays 0), and the pass reads every event
    /// as the timelines in memory do.
    func testTheReportSkipsTheMigratedApproval() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        try Version4Database.create(path: path)
        let store = try IncidentStore(path: path)
        defer { store.close() }
        let periods = ReportPeriods(only: ReportRange(from: Timestamp(milliseconds: 0), to: Timestamp(milliseconds: 4_000_000_000_000)))
        let tally = try store.reportFacts(ReportScope(unit: nil, category: nil, periods: periods)) { _ in }
        var expected = ResponsibleUnitTally()
        for incident in try store.incidents(matching: IncidentFilter()) {
            expected.add(events: try store.events(incidentID: incident.id), periods: periods)
        }
        XCTAssertEqual(tally, expected)
        XCTAssertEqual(tally.units.values.map(\.current.approved).reduce(0, +), 0, "the migrated approval is not counted")
        XCTAssertGreaterThan(tally.units.values.map(\.current.overdue).reduce(0, +), 0)
    }

    /// `list --state reported` and `--state suspended` read through `incidents_state`; the light's
    /// partial index now holds the register window's cases (`reported`).
    func testTheLightIndexHoldsReportedCases() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let connection = try freshConnection(directory)
        let indexed = try connection.strings("SELECT sql FROM sqlite_schema WHERE name = 'incidents_light'")
        XCTAssertEqual(indexed.count, 1)
        XCTAssertTrue(indexed[0].contains("'reported', 'dispatched', 'acknowledged'"), indexed[0])
    }
}

extension XCTestCase {
    /// The schema of `connection`'s database (migrated) is a fresh database's: every object's SQL
    /// (table texts aside: a rename quotes the name) and the columns of `incidents` and `events`.
    func assertSchemaIsAFreshDatabases(_ connection: Connection, file: StaticString = #filePath, line: UInt = #line) throws {
        let fresh = TemporaryDirectory()
        let freshStore = try openStore(fresh)
        defer { freshStore.close() }
        let schema = "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || (CASE WHEN type = 'table' THEN '' ELSE coalesce(sql, '') END) FROM sqlite_schema ORDER BY type, name"
        XCTAssertEqual(try connection.strings(schema), try freshConnection(fresh).strings(schema), file: file, line: line)
        for table in ["incidents", "events"] {
            let columns = "SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || coalesce(dflt_value, '') FROM pragma_table_info('\(table)')"
            XCTAssertEqual(try connection.strings(columns), try freshConnection(fresh).strings(columns), table, file: file, line: line)
        }
    }
}
