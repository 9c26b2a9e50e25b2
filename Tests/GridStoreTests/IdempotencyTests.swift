import GridCore
import XCTest

@testable import GridStore

final class IdempotencyTests: XCTestCase {
    func testSameKeyTwiceReturnsTheStoredIncident() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let first = try submitAndWait(store, Fixtures.fullIncident(key: "同一个键"), keyDigest: Self.digestA).get()
        var again = Fixtures.fullIncident(key: "同一个键")
        again.createdAt = again.createdAt.adding(milliseconds: 5_000)  // a retry, later: same content
        let second = try submitAndWait(store, again, keyDigest: Self.digestA).get()
        XCTAssertTrue(first.created)
        XCTAssertFalse(second.created)
        XCTAssertNil(second.event)
        XCTAssertEqual(second.incident, first.incident)
        XCTAssertEqual(try count("incidents", in: directory), 1)
        XCTAssertEqual(try count("events", in: directory), 1)
    }

    static let digestA = [UInt8](repeating: 0xA1, count: 32)
    static let digestB = [UInt8](repeating: 0xB2, count: 32)

    /// A key belongs to its submitter: another uid's report under the same key is another incident.
    func testKeysAreScopedToTheirSubmitter() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        var mine = Fixtures.fullIncident(key: "device-7#1")
        mine.createdBy = Actor(uid: 1001, name: "a")
        var theirs = Fixtures.fullIncident(key: "device-7#1")
        theirs.createdBy = Actor(uid: 1002, name: "b")
        theirs.title = "theirs"
        let first = try submitAndWait(store, mine, keyDigest: Self.digestA).get()
        let second = try submitAndWait(store, theirs, keyDigest: Self.digestB).get()
        XCTAssertTrue(first.created && second.created)
        XCTAssertNotEqual(first.incident.id, second.incident.id)
        XCTAssertEqual(second.incident.title, "theirs")
        XCTAssertEqual(
            try freshConnection(directory).strings("SELECT key || '|' || key_uid || '|' || hex(key_digest) FROM incidents ORDER BY id"),
            ["device-7#1|1001|" + String(repeating: "A1", count: 32), "device-7#1|1002|" + String(repeating: "B2", count: 32)])
    }

    /// The same key from the same submitter with other content is refused, and nothing is written.
    func testSameKeyWithOtherContentIsAConflict() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let first = try submitAndWait(store, Fixtures.fullIncident(key: "k"), keyDigest: Self.digestA).get()
        var other = Fixtures.fullIncident(key: "k")
        other.title = "something else"
        let result = submitAndWait(store, other, keyDigest: Self.digestB)
        guard case .failure(.refused(let error)) = result else { return XCTFail("\(result)") }
        XCTAssertEqual(error.code, .keyConflict)
        XCTAssertTrue(error.message.contains("\"k\"") && error.message.contains("incident \(first.incident.id)"), error.message)
        XCTAssertEqual(error, StoreError.refused(error).gridError, "sent to the client as it is")
        XCTAssertEqual(try count("incidents", in: directory), 1)
        XCTAssertEqual(try count("events", in: directory), 1)
    }

    /// A row without a digest (stored before version 3, or by a caller that gives none) is taken
    /// as the same content: the stored incident, as before.
    func testAnUnknownDigestIsTheSameContent() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let first = try submitAndWait(store, Fixtures.fullIncident(key: "old")).get()
        let second = try submitAndWait(store, Fixtures.fullIncident(key: "old"), keyDigest: Self.digestB).get()
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.incident.id, first.incident.id)
    }

    /// In one group commit: the first is stored, a retry finds it, a conflict is refused alone —
    /// and the batch commits once (a conflict is an answer, not a failed operation).
    func testConflictInOneBatch() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let (release, blocker) = blockWriter(store)
        let batchesBefore = store.committedBatches
        let results = (0..<3).map { _ in Collector<Result<IntakeOutcome, StoreError>>() }
        for (index, digest) in [Self.digestA, Self.digestB, Self.digestA].enumerated() {
            results[index].expect()
            let incident = Fixtures.fullIncident(key: "batch")
            store.submit(incident, event: Fixtures.event(for: incident), keyDigest: digest) { results[index].add($0) }
        }
        release.signal()
        blocker.wait()
        for result in results { result.wait() }
        XCTAssertEqual(store.committedBatches - batchesBefore, 2, "the blocker's transaction, then all three in one")
        let outcomes = results.map { $0.all[0] }
        XCTAssertEqual(try outcomes[0].get().created, true)
        guard case .failure(.refused(let error)) = outcomes[1] else { return XCTFail("\(outcomes[1])") }
        XCTAssertEqual(error.code, .keyConflict)
        XCTAssertEqual(try outcomes[2].get().created, false)
        XCTAssertEqual(try outcomes[2].get().incident.id, try outcomes[0].get().incident.id)
        XCTAssertEqual(try count("incidents", in: directory), 1)
        XCTAssertEqual(try store.statistics(now: Fixtures.t0).failedBatches, 0)
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
