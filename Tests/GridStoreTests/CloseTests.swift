import GridCore
import XCTest

@testable import GridStore

final class CloseTests: XCTestCase {
    func testCloseCommitsQueuedWritesThenRefusesEverything() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        let (release, blocker) = blockWriter(store)
        let collector = Collector<Result<IntakeOutcome, StoreError>>()
        collector.expect(200)
        for index in 0..<200 {
            let incident = Fixtures.fullIncident(key: "close-\(index)")
            store.submit(incident, event: Fixtures.event(for: incident)) { collector.add($0) }
        }
        // close() waits for the queued writes; let the writer go once it is waiting.
        let closed = Collector<Bool>()
        closed.expect()
        DispatchQueue.global().async {
            store.close()
            closed.add(true)
        }
        release.signal()
        blocker.wait()
        closed.wait()
        collector.wait()
        XCTAssertEqual(collector.all.count, 200)
        XCTAssertTrue(collector.all.allSatisfy { (try? $0.get())?.created == true })
        XCTAssertEqual(try count("incidents", in: directory), 200)

        // After close: writes and reads fail with .closed, and close() again is harmless.
        let late = submitAndWait(store, Fixtures.fullIncident(key: "late"))
        XCTAssertThrowsError(try late.get()) { error in
            XCTAssertEqual(error as? StoreError, .closed)
            XCTAssertEqual((error as? StoreError)?.gridError.code, .shuttingDown)
        }
        XCTAssertThrowsError(try store.incident(id: 1)) { XCTAssertEqual($0 as? StoreError, .closed) }
        XCTAssertThrowsError(try store.incidents(matching: IncidentFilter())) { XCTAssertEqual($0 as? StoreError, .closed) }
        XCTAssertThrowsError(try store.statistics(now: Fixtures.t0)) { XCTAssertEqual($0 as? StoreError, .closed) }
        store.close()
        XCTAssertEqual(try count("incidents", in: directory), 200)
    }
}
