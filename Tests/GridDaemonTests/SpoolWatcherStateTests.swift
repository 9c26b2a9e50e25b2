import Foundation
import GridSystem
import XCTest

@testable import GridDaemon

/// The spool watcher's decisions without a directory or a queue: queueing once, starting within
/// the limits, settling, looking again after an event, dropping on a pause, and the back-off.
final class SpoolWatcherStateTests: XCTestCase {
    private func running() -> SpoolWatcherState {
        var state = SpoolWatcherState()
        state.phase = .running
        return state
    }

    func testANameIsQueuedOnceAndHiddenNamesNever() {
        var state = running()
        XCTAssertTrue(state.enqueue("a.json"))
        XCTAssertFalse(state.enqueue("a.json"), "an event and a scan that both see it queue it once")
        XCTAssertFalse(state.enqueue(".tmp"))
        XCTAssertFalse(state.isNew("a.json"))
        XCTAssertTrue(state.isNew("b.json"))
        XCTAssertEqual(state.queuedCount, 1)
    }

    func testFilesStartWithinTheLimitsAndARenamedInFileIsComplete() {
        var state = running()
        state.noteEvent("moved.json", movedIn: true)
        state.noteEvent("written.json", movedIn: false)
        state.enqueue("third.json")
        let first = state.startNext(maxInFlight: 2, reportsHaveRoom: false)
        XCTAssertEqual(first, SpoolWatcherState.Start(name: "moved.json", complete: true, knownIncomplete: nil))
        XCTAssertNil(state.startNext(maxInFlight: 2, reportsHaveRoom: false), "but for the first, reports must have room")
        XCTAssertEqual(state.startNext(maxInFlight: 2, reportsHaveRoom: true)?.complete, false)
        XCTAssertNil(state.startNext(maxInFlight: 2, reportsHaveRoom: true), "two in flight at most")
        XCTAssertEqual(state.inFlight, 2)
        XCTAssertFalse(state.finish("moved.json"), "no event came while it was read")
        XCTAssertEqual(state.startNext(maxInFlight: 2, reportsHaveRoom: true)?.name, "third.json")
        XCTAssertFalse(state.isNew("third.json"), "in flight counts as known")
    }

    func testAnEventWhileInFlightHasTheNameLookedAtAgainAtOnce() {
        var state = running()
        state.enqueue("a.json")
        _ = state.startNext(maxInFlight: 8, reportsHaveRoom: true)
        state.noteEvent("a.json", movedIn: true)  // renamed over while it was read
        XCTAssertEqual(state.queuedCount, 0, "in flight: not queued twice")
        let eventCame = state.finish("a.json")
        XCTAssertTrue(eventCame)
        XCTAssertFalse(state.lookAgain("a.json", eventCame: eventCame, waitUntil: nil))
        XCTAssertEqual(state.startNext(maxInFlight: 8, reportsHaveRoom: true)?.complete, true)
    }

    func testAFileNotSettledWaitsAndIsQueuedWhenDue() throws {
        var state = running()
        state.enqueue("young.json")
        _ = state.startNext(maxInFlight: 8, reportsHaveRoom: true)
        XCTAssertTrue(state.lookAgain("young.json", eventCame: state.finish("young.json"), waitUntil: 5000))
        XCTAssertFalse(state.isNew("young.json"), "settling: a scan leaves it alone")
        state.queueSettled(now: 4999)
        XCTAssertEqual(state.queuedCount, 0)
        state.queueSettled(now: 5000)
        XCTAssertEqual(state.queuedCount, 1)
        XCTAssertTrue(state.settling.isEmpty)
    }

    func testAnUnfinishedFileIsNewsOnlyWhenItChanged() throws {
        let path = NSTemporaryDirectory() + "spool-state-\(getpid())"
        try Data("{\"a\":".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var state = running()
        let status = try Directory.status(path)
        XCTAssertTrue(state.noteIncomplete("a.json", status))
        XCTAssertFalse(state.noteIncomplete("a.json", status), "the same unfinished file is not logged again")
        state.enqueue("a.json")
        XCTAssertEqual(state.startNext(maxInFlight: 8, reportsHaveRoom: true)?.knownIncomplete, status)
    }

    func testAPauseDropsWhatIsQueuedAndAStoppedWatcherQueuesNothingAgain() {
        var state = running()
        state.noteEvent("a.json", movedIn: true)
        state.enqueue("b.json")
        state.dropQueued(forgetEvents: true)
        XCTAssertEqual(state.queuedCount, 0)
        XCTAssertTrue(state.isNew("a.json"), "found again by the next scan")
        state.enqueue("a.json")
        XCTAssertEqual(state.startNext(maxInFlight: 8, reportsHaveRoom: true)?.complete, false, "its event was forgotten")
        state.stopping = true
        XCTAssertFalse(state.lookAgain("a.json", eventCame: true, waitUntil: nil))
        state.enqueue("c.json")
        XCTAssertNil(state.startNext(maxInFlight: 8, reportsHaveRoom: true), "nothing starts once stopping")
    }

    func testTheBackoffDoublesToItsCapAndStaleRetriesAreTold() {
        var backoff = SpoolBackoff()
        var delays: [Int64] = []
        for _ in 0..<12 { delays.append(backoff.nextRetry().delay) }
        XCTAssertEqual(Array(delays.prefix(4)), [100, 200, 400, 800])
        XCTAssertEqual(delays.last, 30_000)
        let (generation, _) = backoff.nextRetry()
        backoff.startProbe()
        XCTAssertTrue(backoff.isProbing)
        backoff.cancelRetries(endingProbe: true)
        XCTAssertNotEqual(backoff.generation, generation, "a retry scheduled before is stale")
        XCTAssertFalse(backoff.isProbing)
        backoff.reset()
        backoff.shorten()
        XCTAssertEqual(backoff.nextRetry().delay, 100, "never below the first delay")
    }
}
