import CSQLite
import GridCore
import GridTesting
import XCTest

@testable import GridStore

/// Migration 4 on a database made as version 3 made it (`Version3Database`): the new columns,
/// `events` rebuilt to admit `extended` (rows, seqs, triggers, index and the outbox's reference
/// kept), each past escalation's 超期 appended and charged to the unit it escalated from,
/// `missed_windows`, the back-fill list, and the schema of a fresh database. (The case deadlines
/// themselves are the daemon's start-up back-fill: `CaseDeadlineBackfillTests`.)
final class MigrationCaseDeadlineTests: XCTestCase {
    func testVersion3DatabaseGetsItsMissesAndTheBackfillList() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        try Version3Database.create(path: path)
        let before = try Connection(path: path).strings("SELECT seq || ' ' || kind FROM events ORDER BY seq")
        XCTAssertEqual(before.count, 23)

        let store = try IncidentStore(path: path)
        defer { store.close() }
        let connection = try freshConnection(directory)
        XCTAssertEqual(try connection.scalarInt("PRAGMA user_version"), Int64(Migration.supportedVersion))
        XCTAssertEqual(
            Array(try connection.strings("SELECT seq || ' ' || kind FROM events ORDER BY seq").prefix(23)), before,
            "every event kept, with its seq")
        XCTAssertEqual(try connection.strings("PRAGMA foreign_key_check"), [])
        XCTAssertEqual(try connection.strings("SELECT event_seq || ':' || incident_id FROM outbox"), ["2:1"])
        XCTAssertThrowsError(try connection.execute("DELETE FROM events WHERE seq = 1"), "still append-only")
        XCTAssertThrowsError(try connection.execute("UPDATE events SET note = 'x' WHERE seq = 1"), "still append-only")

        // The 超期 of each past escalation, charged to the unit it escalated from, at its time.
        typealias V = Version3Database
        let migrated = try store.events(incidentID: V.Case.overdueAtTheTop.rawValue).filter { $0.detail["migrated"] == true }
        XCTAssertEqual(migrated.map(\.kind), [.overdue, .overdue, .overdue])
        XCTAssertEqual(migrated.map(\.tier), [.community, .street, .district])
        XCTAssertEqual(migrated.map(\.unit), [V.community, V.street, V.district])
        XCTAssertEqual(migrated.map { $0.detail["charged_unit"] }, [.string(V.community.rawValue), .string(V.street.rawValue), .string(V.district.rawValue)])
        XCTAssertEqual(migrated.map { $0.detail["charged_tier"] }, ["community", "street", "district"])
        XCTAssertEqual(migrated.map { $0.detail["window"] }, ["ack", "ack", "ack"])
        XCTAssertEqual(migrated.map(\.due), [30, 50, 80].map { V.createdAt.adding(milliseconds: $0 * 60_000) })
        XCTAssertEqual(migrated.map(\.at), migrated.map(\.due))
        XCTAssertEqual(
            try connection.scalarInt("SELECT count(*) FROM events"), 29,
            "23 + 2 + 3 migrated, + the approval migration 5 gives the deferred case")

        let missed = try connection.strings("SELECT id || ':' || missed_windows FROM incidents ORDER BY id")
        XCTAssertEqual(missed, ["1:2", "2:4", "3:0", "4:0", "5:0", "6:0"], "the top tier's own overdue counts; a missed verification does not")
        XCTAssertEqual(try connection.strings("SELECT incident_id FROM case_deadline_backfill ORDER BY incident_id"), ["1", "2", "3", "4", "5", "6"])
        XCTAssertEqual(try connection.scalarInt("SELECT count(*) FROM incidents WHERE case_due_at IS NOT NULL"), 0, "the daemon's work")

        // Old snapshots read as the default case window; the rows decode; windows and charges derive.
        let incident = try XCTUnwrap(store.incident(id: V.Case.escalatedTwice.rawValue))
        XCTAssertNil(incident.policy.caseWindow)
        XCTAssertEqual(incident.timers.missedWindows, 2)
        let derived = CaseWindows.from(events: try store.events(incidentID: incident.id))
        XCTAssertEqual(derived.windows.map(\.outcome), [.missed, .missed, .met, .met])
        XCTAssertEqual(derived.windows.map(\.tier), [.community, .street, .district, .district])
        XCTAssertEqual(derived.charges.map(\.unit), [V.community, V.street])

        // The new kind is admitted.
        let extended = IncidentEvent(incidentID: 4, kind: .extended, at: V.createdAt, tier: .community, unit: V.community, actor: .system)
        let collector = Collector<Result<Void, StoreError>>()
        collector.expect()
        store.write({ context in _ = try IncidentQueries.append(extended, in: context) }) { collector.add($0) }
        collector.wait()
        XCTAssertNoThrow(try collector.all.first?.get())

        try assertSchemaIsAFreshDatabases(connection)
    }
}
