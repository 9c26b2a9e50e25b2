import Dispatch
@testable import GridDaemon
import Synchronization
import XCTest

/// The runner that starts the daemon's components in order and stops them in reverse, with fake
/// components that write what happens to them into one journal.
final class ComponentRunnerTests: XCTestCase {
    /// What happened, in order: "start a", "begin b", "wait b", "late b".
    final class Journal: Sendable {
        private let entries = Mutex<[String]>([])
        private let deadlines = Mutex<[String: DispatchTime]>([:])
        private let causes = Mutex<[String: StopCause]>([:])

        func note(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
        func noteWait(_ name: String, _ cause: StopCause, _ deadline: DispatchTime) {
            note("wait \(name)")
            deadlines.withLock { $0[name] = deadline }
            causes.withLock { $0[name] = cause }
        }
        func deadline(_ name: String) -> DispatchTime? { deadlines.withLock { $0[name] } }
        func cause(_ name: String) -> StopCause? { causes.withLock { $0[name] } }
    }

    struct Fake: DaemonComponent {
        enum Stopping: Sendable {
            /// Stops as soon as it is asked.
            case promptly
            /// Never finishes what it has in flight: its wait lasts until its deadline.
            case notInTime
        }

        let name: String
        let journal: Journal
        var drainsWhenStopping = false
        var failsToStart = false
        var stopping = Stopping.promptly

        func start() throws(DaemonStartError) {
            journal.note("start \(name)")
            if failsToStart { throw DaemonStartError("\(name) failed") }
        }

        func beginStopping(_ cause: StopCause) { journal.note("begin \(name)") }

        func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool {
            journal.noteWait(name, cause, deadline)
            guard stopping == .notInTime else { return true }
            // Waits for work that never finishes, as a component would: until the deadline.
            _ = DispatchSemaphore(value: 0).wait(timeout: deadline)
            return false
        }

        func status() -> String { "\(name) status" }
    }

    private func runner(budget: Int64 = 1000, _ journal: Journal) -> ComponentRunner {
        ComponentRunner(budgetMilliseconds: budget) { journal.note("late \($0)") }
    }

    private func stop(_ runner: ComponentRunner, reason: String = "test") {
        let stopped = DispatchSemaphore(value: 0)
        runner.stop(.requested(reason: reason)) { stopped.signal() }
        XCTAssertEqual(stopped.wait(timeout: .now() + 30), .success, "the stop did not complete")
    }

    func testStartsInOrderThenAllBeginStoppingAndAreWaitedForInReverse() throws {
        let journal = Journal()
        let runner = runner(journal)
        try runner.startUp { boot throws(DaemonStartError) in
            for name in ["a", "b", "c"] { try boot.start(Fake(name: name, journal: journal)) }
        }
        XCTAssertTrue(runner.isRunning)
        XCTAssertEqual(runner.started(Fake.self)?.status(), "a status", "the first started of the type")
        stop(runner)
        XCTAssertFalse(runner.isRunning)
        XCTAssertEqual(journal.all, ["start a", "start b", "start c", "begin c", "begin b", "begin a", "wait c", "wait b", "wait a"])
        XCTAssertEqual(journal.cause("a"), .requested(reason: "test"))

        // A second stop is ignored: nothing more happens, its completion is never called.
        runner.stop(.requested(reason: "again")) { journal.note("second completion") }
        XCTAssertEqual(journal.all.count, 9)
    }

    func testAFailedStartStopsTheStartedOnesInReverseAndIsThrown() {
        let journal = Journal()
        let runner = runner(journal)
        XCTAssertThrowsError(try runner.startUp { boot throws(DaemonStartError) in
            try boot.start(Fake(name: "a", journal: journal))
            try boot.start(Fake(name: "b", journal: journal))
            try boot.start(Fake(name: "c", journal: journal, failsToStart: true))
            try boot.start(Fake(name: "d", journal: journal))
        }) { error in
            XCTAssertEqual((error as? DaemonStartError)?.description, "c failed")
        }
        XCTAssertEqual(journal.all, ["start a", "start b", "start c", "begin b", "begin a", "wait b", "wait a"])
        XCTAssertEqual(journal.cause("a"), .failedStart, "a failed start is no clean stop")
        XCTAssertFalse(runner.isRunning)
        runner.stop(.requested(reason: "later")) { journal.note("stopped again") }
        XCTAssertFalse(journal.all.contains("stopped again"), "a stop after the undone start-up does nothing")
    }

    func testAStopDuringStartUpIsDoneAtTheNextStep() {
        let journal = Journal()
        let runner = runner(journal)
        XCTAssertThrowsError(try runner.startUp { boot throws(DaemonStartError) in
            try boot.start(Fake(name: "a", journal: journal))
            runner.stop(.requested(reason: "SIGTERM")) { journal.note("completion") }
            XCTAssertEqual(journal.all, ["start a"], "not stopped while a start-up step runs")
            try boot.start(Fake(name: "b", journal: journal))
        }) { error in
            XCTAssertEqual((error as? DaemonStartError)?.description, "stopped during start-up (SIGTERM)")
        }
        XCTAssertEqual(journal.all, ["start a", "begin a", "wait a", "completion"])
        XCTAssertEqual(journal.cause("a"), .requested(reason: "SIGTERM"), "a stop asked for, even during start-up")
    }

    func testAStopDuringTheLastStepIsDoneWhenStartUpEnds() {
        let journal = Journal()
        let runner = runner(journal)
        XCTAssertThrowsError(try runner.startUp { boot throws(DaemonStartError) in
            try boot.start(Fake(name: "a", journal: journal))
            runner.stop(.requested(reason: "SIGINT")) { journal.note("completion") }
        })
        XCTAssertEqual(journal.all, ["start a", "begin a", "wait a", "completion"])
        XCTAssertFalse(runner.isRunning)
    }

    /// One budget: the k-th of n draining components must be done k/n into it; the others get
    /// the whole of it (they drain nothing, or must finish anyway).
    func testTheBudgetIsSplitAmongTheDrainingComponentsInStopOrder() {
        let begin = DispatchTime(uptimeNanoseconds: 5_000_000_000)
        let deadlines = ComponentRunner.deadlines(draining: [true, false, true, true], from: begin, budgetMilliseconds: 300)
        XCTAssertEqual(deadlines.map { ($0.uptimeNanoseconds - begin.uptimeNanoseconds) / 1_000_000 }, [100, 300, 200, 300])
        XCTAssertEqual(
            ComponentRunner.deadlines(draining: [false, false], from: begin, budgetMilliseconds: 300).map(\.uptimeNanoseconds),
            [begin.uptimeNanoseconds + 300_000_000, begin.uptimeNanoseconds + 300_000_000])
    }

    func testTheStopHandsEachDrainingComponentItsShareFromOneBegin() throws {
        let journal = Journal()
        let runner = runner(budget: 900, journal)
        try runner.startUp { boot throws(DaemonStartError) in
            try boot.start(Fake(name: "store", journal: journal))
            try boot.start(Fake(name: "notify", journal: journal, drainsWhenStopping: true))
            try boot.start(Fake(name: "spool", journal: journal, drainsWhenStopping: true))
            try boot.start(Fake(name: "server", journal: journal, drainsWhenStopping: true))
        }
        stop(runner)
        let (server, spool, notify, store) = try (
            XCTUnwrap(journal.deadline("server")), XCTUnwrap(journal.deadline("spool")), XCTUnwrap(journal.deadline("notify")),
            XCTUnwrap(journal.deadline("store")))
        XCTAssertEqual(spool.uptimeNanoseconds - server.uptimeNanoseconds, 300_000_000)
        XCTAssertEqual(notify.uptimeNanoseconds - spool.uptimeNanoseconds, 300_000_000)
        XCTAssertEqual(store.uptimeNanoseconds, notify.uptimeNanoseconds, "the end of the budget")
    }

    func testAComponentThatDoesNotStopInTimeIsCutOffAndTheOthersStillStop() throws {
        let journal = Journal()
        let runner = runner(budget: 200, journal)
        try runner.startUp { boot throws(DaemonStartError) in
            try boot.start(Fake(name: "store", journal: journal))
            try boot.start(Fake(name: "spool", journal: journal, drainsWhenStopping: true))
            try boot.start(Fake(name: "server", journal: journal, drainsWhenStopping: true, stopping: .notInTime))
        }
        stop(runner)
        XCTAssertEqual(
            journal.all.filter { $0.hasPrefix("wait") || $0.hasPrefix("late") },
            ["wait server", "late server", "wait spool", "wait store"],
            "the server is cut off at its deadline, and the spool and the store are still stopped after it")
    }
}
