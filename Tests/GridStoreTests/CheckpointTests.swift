import CSQLite
import Dispatch
import GridCore
import XCTest

@testable import GridStore

/// The write-ahead log is checkpointed beside the writer (`WALCheckpointer`), not by it.
final class CheckpointTests: XCTestCase {
    func testWritesAreCheckpointedByTheBackgroundConnection() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        for index in 0..<20 {
            _ = try submitAndWait(store, Fixtures.fullIncident(key: "checkpoint-\(index)")).get()
        }
        let deadline = DispatchTime.now() + 30
        var statistics = try store.statistics(now: Fixtures.t0)
        while statistics.checkpoints == 0, DispatchTime.now() < deadline {
            _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .milliseconds(50))  // poll with a bound
            statistics = try store.statistics(now: Fixtures.t0)
        }
        XCTAssertGreaterThan(statistics.checkpoints, 0, "no background checkpoint within 30 s")
        XCTAssertEqual(statistics.checkpointFailures, 0)
        XCTAssertNil(statistics.lastCheckpointError)
        // The committed rows reached the database file itself: a connection that ignores the WAL
        // (immutable=1 reads the main file only) finds them.
        let main = try Connection(
            path: "file:\(directory.file("gridd.db"))?immutable=1", flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI)
        defer { main.close() }
        XCTAssertEqual(try main.scalarInt("SELECT count(*) FROM incidents"), 20)
    }

    func testTheWritersOwnCheckpointIsOnlyASafetyNet() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        store.close()
        let connection = try DatabaseOpener.openWriter(path: directory.file("gridd.db"), options: StoreOptions())
        defer { connection.close() }
        XCTAssertEqual(try connection.scalarInt("PRAGMA wal_autocheckpoint"), Int64(WALCheckpointer.writerAutocheckpointPages))
    }
}
