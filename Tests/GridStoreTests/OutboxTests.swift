import CSQLite
import Dispatch
import GridCore
import Synchronization
import XCTest

@testable import GridStore

/// The notification outbox: migration 2, the trigger that writes a row in the event's own
/// transaction, the wake after COMMIT, and the reads and writes the dispatcher uses.
final class OutboxTests: XCTestCase {
    func testVersion1DatabaseIsUpgradedInPlace() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        do {
            let connection = try Connection(path: path)
            XCTAssertEqual(try Migrator.migrate(connection, migrations: [Migration.all[0]]), [1])
            try connection.execute("""
                INSERT INTO incidents (id, category, priority, state, tier, unit, route_method, created_at, updated_at,
                    version, source, created_uid, policy)
                VALUES (7, '0102', 'normal', 'dispatched', 1, '110105001002', 'fallback', 1, 1, 1, 'socket', 0, '{}');
                INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid) VALUES (7, 'dispatched', 1, 1, '110105001002', 0);
                """)
            connection.close()
        }
        let store = try IncidentStore(path: path)
        defer { store.close() }
        let connection = try freshConnection(directory)
        XCTAssertEqual(try connection.scalarInt("PRAGMA user_version"), Int64(Migration.supportedVersion))
        XCTAssertEqual(try store.statistics(now: Fixtures.t0).schemaVersion, Migration.supportedVersion)
        let objects = Set(try connection.strings("SELECT type || ':' || name FROM sqlite_schema WHERE name LIKE '%outbox%' OR name LIKE '%notification%'"))
        XCTAssertEqual(objects, ["table:outbox", "index:outbox_due", "index:outbox_gave_up", "view:pending_notifications"])
        XCTAssertEqual(try connection.scalarInt("SELECT count(*) FROM events"), 1, "data kept")
        XCTAssertEqual(try connection.scalarInt("SELECT count(*) FROM outbox"), 0, "no notifications for events from before")
        XCTAssertEqual(try Migrator.migrate(connection), [], "nothing left to apply")
        // The pending reads use the partial indexes, never a scan of every delivered row.
        for (sql, index) in [
            ("SELECT count(*) FROM outbox WHERE gave_up_at IS NOT NULL", "outbox_gave_up"),
            ("SELECT min(next_attempt_at) FROM outbox WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at > 5", "outbox_due"),
            ("SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND gave_up_at IS NULL", "outbox_due"),
        ] {
            let plan = try connection.prepare("EXPLAIN QUERY PLAN " + sql)
            var details: [String] = []
            while try plan.step() { details.append(plan.string(at: 3) ?? "") }
            XCTAssertTrue(details.contains { $0.contains(index) }, "\(sql): \(details)")
        }
    }

    func testTriggerWritesRowsForChosenKindsInTheEventsTransaction() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let outbox = try NotificationOutbox(store: store)
        defer { outbox.close() }
        _ = try submitAndWait(store, Fixtures.bareIncident()).get()
        XCTAssertEqual(try count("outbox", in: directory), 0, "no trigger: no rows")

        XCTAssertNil(outbox.notifyAndWait(kinds: [.dispatched, .escalated]))
        let first = try submitAndWait(store, Fixtures.fullIncident()).get().incident
        try append([.note, .warning, .escalated], to: first.id, in: store)
        let rows = try freshConnection(directory).strings("SELECT kind || ':' || incident_id || ':' || attempts FROM outbox ORDER BY event_seq")
        XCTAssertEqual(rows, ["dispatched:\(first.id):0", "escalated:\(first.id):0"])

        // An event whose transaction rolls back leaves no notification either.
        let failed = Collector<Result<Void, StoreError>>()
        failed.expect()
        let id = first.id
        store.write({ context in
            _ = try IncidentQueries.append(IncidentEvent(kind: .escalated, at: Fixtures.t0, tier: .street, unit: Fixtures.street, actor: Actor(uid: 0)).with(incidentID: id), in: context)
            throw GridError(.internalError, "the operation fails after writing its event")
        }) { failed.add($0) }
        failed.wait()
        XCTAssertThrowsError(try failed.all[0].get())
        XCTAssertEqual(try count("events", in: directory), 5)
        XCTAssertEqual(try count("outbox", in: directory), 2)

        // No kinds: the trigger is gone.
        XCTAssertNil(outbox.notifyAndWait(kinds: []))
        try append([.escalated], to: first.id, in: store)
        XCTAssertEqual(try count("outbox", in: directory), 2)
    }

    func testWakeComesAfterTheCommitThatWroteRows() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let outbox = try NotificationOutbox(store: store)
        defer { outbox.close() }
        XCTAssertNil(outbox.notifyAndWait(kinds: [.dispatched]))
        let seen = Collector<Int>()
        seen.expect()
        let fired = Mutex(false)
        outbox.onRowsCommitted {
            guard fired.withLock({ done in defer { done = true }; return !done }) else { return }
            // Called after COMMIT: a reader sees the row.
            seen.add((try? outbox.due(now: Timestamp(milliseconds: 0), limit: 10).count) ?? -1)
        }
        _ = try submitAndWait(store, Fixtures.bareIncident()).get()
        seen.wait()
        XCTAssertEqual(seen.all, [1])
    }

    func testDueRowsOutcomesAndStatistics() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let outbox = try NotificationOutbox(store: store)
        defer { outbox.close() }
        XCTAssertNil(outbox.notifyAndWait(kinds: [.dispatched]))
        let incidents = try (0..<3).map { _ in try submitAndWait(store, Fixtures.fullIncident(key: nil)).get().incident }
        let now = Timestamp(milliseconds: 1_000_000)
        let due = try outbox.due(now: now, limit: 10)
        XCTAssertEqual(due.map(\.incidentID), incidents.map(\.id))
        XCTAssertEqual(due.map(\.attempts), [0, 0, 0])
        let subject = try due[0].subject.get()
        XCTAssertEqual(subject.incident, incidents[0])
        XCTAssertEqual(subject.event.kind, .dispatched)
        XCTAssertEqual(subject.event.seq, due[0].seq)
        XCTAssertEqual(try outbox.due(now: now, limit: 2).count, 2)

        try wait { outbox.recordDelivered(seq: due[0].seq, at: now, completion: $0) }
        try wait {
            outbox.recordFailed(seq: due[1].seq, at: now, error: "exit status 3", nextAttemptAt: now.adding(milliseconds: 500),
                gaveUp: false, completion: $0)
        }
        try wait {
            outbox.recordFailed(seq: due[2].seq, at: now.adding(milliseconds: 1), error: "timed out", nextAttemptAt: now,
                gaveUp: true, completion: $0)
        }
        // A second outcome for a notification no longer pending changes nothing.
        try wait { outbox.recordFailed(seq: due[0].seq, at: now, error: "late", nextAttemptAt: now, gaveUp: false, completion: $0) }

        XCTAssertEqual(try outbox.due(now: now, limit: 10).map(\.seq), [], "the failed one waits for its backoff")
        XCTAssertEqual(try outbox.nextDue(after: now), now.adding(milliseconds: 500))
        let later = try outbox.due(now: now.adding(milliseconds: 500), limit: 10)
        XCTAssertEqual(later.map(\.seq), [due[1].seq])
        XCTAssertEqual(later.map(\.attempts), [1])
        var expected = OutboxStatistics()
        expected.pending = 1
        expected.failing = 1
        expected.nextAttemptAt = now.adding(milliseconds: 500)
        expected.gaveUp = 1
        expected.lastError = (due[1].seq, now, "exit status 3")
        XCTAssertEqual(try outbox.statistics(), expected)
        let rows = try freshConnection(directory).strings(
            "SELECT event_seq || ':' || attempts || ':' || ifnull(delivered_at, '-') || ':' || ifnull(gave_up_at, '-') FROM outbox ORDER BY event_seq")
        XCTAssertEqual(rows, [
            "\(due[0].seq):1:\(now.milliseconds):-", "\(due[1].seq):1:-:-", "\(due[2].seq):1:-:\(now.milliseconds + 1)",
        ])
        outbox.close()
        XCTAssertThrowsError(try outbox.statistics()) { XCTAssertEqual($0 as? StoreError, .closed) }
    }

    // MARK: Helpers

    private func append(_ kinds: [IncidentEvent.Kind], to id: Int64, in store: IncidentStore) throws {
        for kind in kinds {
            let event = IncidentEvent(kind: kind, at: Fixtures.t0, tier: .community, unit: Fixtures.community, actor: Actor(uid: 0))
                .with(incidentID: id)
            try wait { store.write({ context in _ = try IncidentQueries.append(event, in: context) }, completion: $0) }
        }
    }

    private func wait(_ body: (@escaping @Sendable (Result<Void, StoreError>) -> Void) -> Void) throws {
        let collector = Collector<Result<Void, StoreError>>()
        collector.expect()
        body { collector.add($0) }
        collector.wait()
        try collector.all[0].get()
    }
}

extension IncidentEvent {
    fileprivate func with(incidentID: Int64) -> IncidentEvent {
        var copy = self
        copy.incidentID = incidentID
        return copy
    }
}
