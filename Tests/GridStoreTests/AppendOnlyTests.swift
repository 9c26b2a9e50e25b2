import CSQLite
import GridCore
import XCTest

@testable import GridStore

final class AppendOnlyTests: XCTestCase {
    func testEventsCannotBeUpdatedOrDeleted() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let outcome = try submitAndWait(store, Fixtures.fullIncident()).get()
        let connection = try freshConnection(directory)
        for sql in ["UPDATE events SET note = 'rewritten'", "DELETE FROM events"] {
            XCTAssertThrowsError(try connection.execute(sql)) { error in
                guard let error = error as? SQLiteError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.code, SQLITE_CONSTRAINT)
                XCTAssertEqual(error.extendedCode, SQLiteExtendedCode.constraintTrigger)
                XCTAssertTrue(error.message.contains("append-only"), error.message)
                XCTAssertEqual(error.sql, sql)
            }
        }
        // Through the writer too: the operation fails, the trail is intact.
        let collector = Collector<Result<Void, StoreError>>()
        collector.expect()
        store.write({ context in try context.execute("DELETE FROM events") }) { collector.add($0) }
        collector.wait()
        XCTAssertThrowsError(try collector.all[0].get()) { error in
            XCTAssertEqual((error as? StoreError)?.gridError.code, .internalError)
        }
        XCTAssertEqual(try store.events(incidentID: outcome.incident.id).count, 1)
    }

    func testEventsMustReferenceAnIncident() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        var event = Fixtures.event(for: Fixtures.bareIncident())
        event.incidentID = 12345
        let orphan = event
        let collector = Collector<Result<IncidentEvent, StoreError>>()
        collector.expect()
        store.write({ context in try IncidentQueries.append(orphan, in: context) }) { collector.add($0) }
        collector.wait()
        XCTAssertThrowsError(try collector.all[0].get()) { error in
            guard case .sqlite(let sqlite) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(sqlite.extendedCode, SQLiteExtendedCode.constraintForeignKey)
        }
    }
}
