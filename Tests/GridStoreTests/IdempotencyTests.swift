import GridCore
import XCTest

@testable import GridStore

final class IdempotencyTests: XCTestCase {
    func testSameKeyTwiceReturnsTheStoredIncident() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let first = try submitAndWait(store, Fixtures.fullIncident(key: "同一个键")).get()
        var again = Fixtures.fullIncident(key: "同一个键")
        again.title = "a different title, ignored"
        let second = try submitAndWait(store, again).get()
        XCTAssertTrue(first.created)
        XCTAssertFalse(second.created)
        XCTAssertNil(second.event)
        XCTAssertEqual(second.incident, first.incident)
        XCTAssertEqual(try count("incidents", in: directory), 1)
        XCTAssertEqual(try count("events", in: directory), 1)
    }

    func testSameKeyTwiceInOneBatch() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let (release, blocker) = blockWriter(store)
        let batchesBefore = store.committedBatches
        let collector = Collector<Result<IntakeOutcome, StoreError>>()
        collector.expect(3)
        for key in ["k-1", "k-1", nil] {
            let incident = Fixtures.fullIncident(key: key)
            store.submit(incident, event: Fixtures.event(for: incident)) { collector.add($0) }
        }
        release.signal()
        blocker.wait()
        collector.wait()
        XCTAssertEqual(store.committedBatches - batchesBefore, 2, "the blocker's transaction, then all three in one")
        let outcomes = try collector.all.map { try $0.get() }
        let keyed = outcomes.filter { $0.incident.key == "k-1" }
        XCTAssertEqual(keyed.count, 2)
        XCTAssertEqual(keyed.filter(\.created).count, 1)
        XCTAssertEqual(keyed[0].incident.id, keyed[1].incident.id)
        XCTAssertEqual(try count("incidents", in: directory), 2)
        XCTAssertEqual(try count("events", in: directory), 2)
    }

    func testIncidentsWithoutKeyAreNeverDeduplicated() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let first = try submitAndWait(store, Fixtures.bareIncident()).get()
        let second = try submitAndWait(store, Fixtures.bareIncident()).get()
        XCTAssertTrue(first.created && second.created)
        XCTAssertNotEqual(first.incident.id, second.incident.id)
    }
}
