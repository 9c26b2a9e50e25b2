import Foundation
import GridClient
import GridCore
import GridDaemon
import XCTest

/// Escalations when the store cannot write them: the fault switch fails the escalations'
/// `UPDATE incidents` with SQLITE_FULL, then with SQLITE_IOERR (intake, an INSERT, goes on).
/// Each failure is logged (`timer_failed`) and counted (`deadlines.failed` in status), nothing is
/// written meanwhile, the failed deadlines are retried with back-off rather than in a loop, and
/// once the store writes again every escalation happens exactly once (`TimerChainCheck`).
final class EscalationFaultTests: XCTestCase {
    func testFailedEscalationsAreRetriedWithBackOffAndHappenOnce() throws {
        let daemon = try DaemonHarness(extraConfig: SuitePolicy.config)
        let faultFile = daemon.directory + "/fault"
        // Incidents created on a clock at real speed, so that nothing falls due before the fault.
        let origin = try XCTUnwrap(Timestamp(rfc3339: "2026-10-08T09:00:00+08:00"))
        try daemon.start(extraArguments: ["--start-at", origin.description, "--time-scale", "1"])
        let connection = try daemon.connect()
        for index in 0..<30 {
            _ = try connection.call("submit", ["report": .object(SuitePolicy.report(key: "esc-\(index)"))]).get()
        }
        XCTAssertEqual(daemon.stop(), 0)

        // Back six drill minutes later: every incident's warning (at five) is due at once.
        try "full UPDATE incidents".write(toFile: faultFile, atomically: true, encoding: .utf8)
        try daemon.start(
            extraArguments: ["--start-at", origin.adding(milliseconds: 6 * SuitePolicy.minute).description, "--time-scale", String(SuitePolicy.timeScale)],
            environment: [StoreFaultSwitch.environmentVariable: faultFile])
        XCTAssertTrue(waitUntil(seconds: 20) { Self.failures(daemon, "SQLITE_FULL") >= 30 }, daemon.dispatchLogText)
        // The sink logs a failure before the scheduler's queue counts it (one hop later): wait
        // for the count rather than read it once (read at once it was seen at 0 on a busy machine).
        func failed() -> Int64 { (try? daemon.status()["deadlines"]?.objectValue?["failed"]?.intValue) ?? 0 }
        XCTAssertTrue(waitUntil(seconds: 20) { failed() >= 30 }, "status counts the failed deadlines: \(failed())")
        // Intake is not what fails.
        let intake = try daemon.connect().call("submit", ["report": .object(SuitePolicy.report(key: "esc-during"))]).get()
        XCTAssertEqual(intake.objectValue?["created"], true)

        try "ioerr UPDATE incidents".write(toFile: faultFile, atomically: true, encoding: .utf8)
        XCTAssertTrue(waitUntil(seconds: 30) { Self.failures(daemon, "SQLITE_IOERR") >= 30 }, daemon.dispatchLogText)
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM events WHERE due IS NOT NULL"), ["0"], "nothing escalated while the store failed")
        unlink(faultFile)

        // Every incident climbs to the city and misses its window there too, each step once.
        XCTAssertTrue(waitUntil(seconds: 120) {
            (try? daemon.sqlite("SELECT count(*) FROM events WHERE kind = 'overdue' AND tier = 4")) == ["31"]
        }, daemon.dispatchLogText)
        XCTAssertEqual(
            try daemon.sqlite("SELECT count(*) FROM events WHERE kind = 'overdue'"), ["124"],
            "超期 four times each: the community, the street, the district and the city")
        let horizon = try XCTUnwrap(daemon.waitUntilNothingIsDue(seconds: 60, beyond: 24 * 3600 * 1000))
        XCTAssertEqual(daemon.stop(), 0)
        let database = try DatabaseSnapshot(path: daemon.databasePath, integrityCheck: true)
        XCTAssertEqual(database.integrity, ["ok"])
        XCTAssertEqual(database.incidents.count, 31)
        for events in database.events.values {
            for problem in TimerChainCheck.problems(events, completeThrough: horizon.milliseconds) { XCTFail(problem) }
        }
        // Retried after 1 s, 2 s, 4 s …: a handful of attempts per deadline, not a loop.
        let attempts = daemon.dispatchLogText.split(separator: "\n").filter { $0.contains("event=timer_failed id=1 ") }.count
        XCTAssertGreaterThanOrEqual(attempts, 2)
        XCTAssertLessThanOrEqual(attempts, 6, daemon.dispatchLogText)
    }

    /// How many `timer_failed` lines name `code`.
    static func failures(_ daemon: DaemonHarness, _ code: String) -> Int {
        daemon.dispatchLogText.split(separator: "\n").filter { $0.contains("event=timer_failed") && $0.contains(code) }.count
    }
}
