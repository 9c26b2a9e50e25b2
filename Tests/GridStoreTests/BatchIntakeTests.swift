import CSQLite
import GridCore
import Synchronization
import XCTest

@testable import GridStore

/// `IncidentStore.submitBatch`: a gateway's batch as one group-commit operation in which each
/// report stands alone — a report whose write fails is undone alone (its incident row with its
/// event) and given its error, the others are stored; keys behave as in single submits.
final class BatchIntakeTests: XCTestCase {
    func submitBatchAndWait(_ store: IncidentStore, _ incidents: [Incident]) -> [Result<IntakeOutcome, StoreError>] {
        let collector = Collector<[Result<IntakeOutcome, StoreError>]>()
        collector.expect()
        let items = incidents.map { IncidentStore.BatchItem(incident: $0, event: Fixtures.event(for: $0), keyDigest: nil) }
        store.submitBatch(items) { collector.add($0) }
        collector.wait()
        return collector.all.first ?? []
    }

    func testAReportWhoseWriteFailsIsUndoneAloneAndTheOthersAreStored() throws {
        let directory = TemporaryDirectory()
        // The second event insert of the optimistic run fails, and (the batch run again with a
        // savepoint per report) the second of the isolating run too: report 1, both times.
        let eventInserts = Mutex(0)
        var options = StoreOptions()
        options.faultInjector = { sql in
            guard sql.hasPrefix("INSERT INTO events") else { return nil }
            let n = eventInserts.withLock { count -> Int in
                count += 1
                return count
            }
            return n == 2 || n == 4 ? SQLITE_CONSTRAINT : nil
        }
        let store = try openStore(directory, options: options)
        defer { store.close() }
        let results = submitBatchAndWait(store, (1...3).map { Fixtures.fullIncident(key: "gw-\($0)") })
        XCTAssertEqual(results.count, 3)
        XCTAssertEqual(try results[0].get().incident.key, "gw-1")
        XCTAssertThrowsError(try results[1].get()) { error in
            guard case .sqlite(let sqlite) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(sqlite.code, SQLITE_CONSTRAINT)
        }
        XCTAssertEqual(try results[2].get().incident.key, "gw-3")
        // gw-2's incident row went with its failed event: no incident without its first event.
        XCTAssertEqual(try count("incidents", in: directory), 2)
        XCTAssertEqual(try count("events", in: directory), 2)
        XCTAssertEqual(try freshConnection(directory).scalarInt("SELECT count(*) FROM incidents WHERE key = 'gw-2'"), 0)
    }

    func testKeysInABatchAreTheKeysOfSingleSubmits() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        XCTAssertTrue(try submitAndWait(store, Fixtures.fullIncident(key: "gw-1")).get().created)
        let results = submitBatchAndWait(store, ["gw-1", "gw-2", "gw-2", nil].map { Fixtures.fullIncident(key: $0) })
        let outcomes = try results.map { try $0.get() }
        XCTAssertEqual(outcomes.map(\.created), [false, true, false, true])
        XCTAssertEqual(outcomes[0].incident.id, 1)
        XCTAssertEqual(outcomes[2].incident.id, outcomes[1].incident.id)
        XCTAssertEqual(try count("incidents", in: directory), 3)
    }
}
