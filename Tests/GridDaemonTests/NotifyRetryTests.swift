import Foundation
import GridClient
import GridCore
import XCTest

/// `[Notify]` failures with the real daemon: retries with a doubling backoff, failures in
/// `status` and in the log, delivery after a crash and after a stop (the outbox across a
/// restart), a hanging notifier killed at its timeout, and `MaxAttempts=`.
final class NotifyRetryTests: XCTestCase {
    static let fastRetries = "Events=dispatched\nRetryDelay=100ms\nRetryMaxDelay=400ms"

    func testFailingNotifierIsRetriedWithBackoffUntilItSucceeds() throws {
        let daemon = try DaemonHarness()
        try daemon.installNotifier(DaemonHarness.recordingNotifier, settings: Self.fastRetries)
        daemon.setNotifierMarker("broken", true)
        try daemon.start()
        let id = try daemon.submit(["category": "0102", "cell": "320506002001006", "title": "暴露垃圾"])
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.logLines("notify_failed").count >= 4 }, daemon.dispatchLogText)
        let status = try daemon.notifyStatus()
        XCTAssertEqual(status["pending"], 1)
        XCTAssertEqual(status["failing"], 1)
        XCTAssertEqual(status["gave_up"], 0)
        let lastError = try XCTUnwrap(status["last_error"]?["error"]?.stringValue)
        XCTAssertTrue(lastError.hasPrefix("exit status 7: gateway refused attempt"), lastError)
        let text = try daemon.gridctl(["status"])
        XCTAssertTrue(text.stdout.contains("1 pending (1 failing"), text.stdout)
        XCTAssertTrue(text.stdout.contains("notify error") && text.stdout.contains("exit status 7: gateway refused"), text.stdout)

        let failures = daemon.logLines("notify_failed")
        XCTAssertTrue(failures[0].contains("level=warning") && failures[0].contains("id=\(id) kind=dispatched attempt=1"), failures[0])
        XCTAssertTrue(failures[0].contains(#"error="exit status 7: gateway refused attempt 1""#), failures[0])
        // The wait doubles from RetryDelay= up to RetryMaxDelay=.
        XCTAssertEqual(failures.prefix(4).map { $0.components(separatedBy: "retry_in=").last ?? "" }, ["100ms", "200ms", "400ms", "400ms"])

        daemon.setNotifierMarker("broken", false)
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.notifyStatus()["pending"]) == 0 }, daemon.dispatchLogText)
        let after = try daemon.notifyStatus()
        XCTAssertEqual(after["failing"], 0)
        XCTAssertEqual(after["last_error"], .null, "no pending notification is failing")
        XCTAssertEqual(after["since_start"]?["delivered"], 1)
        XCTAssertGreaterThanOrEqual(after["since_start"]?["failed_attempts"]?.intValue ?? 0, 4)
        XCTAssertEqual(daemon.stop(), 0)
        let rows = try daemon.sqlite("SELECT attempts, delivered_at IS NOT NULL, last_error FROM outbox")
        XCTAssertEqual(rows.count, 1)
        XCTAssertTrue(rows[0].contains("|1|exit status 7: gateway refused attempt"), "\(rows)")
        let attempts = try XCTUnwrap(Int(rows[0].split(separator: "|")[0]))
        XCTAssertEqual(daemon.notifierRuns.count, attempts, "one row update per run")
    }

    /// The issue's "outbox retries across a restart": a notification still failing when gridd is
    /// killed (SIGKILL) is delivered by the next start once the notifier works.
    func testOutboxRetriesAcrossACrash() throws {
        let daemon = try DaemonHarness()
        try daemon.installNotifier(DaemonHarness.recordingNotifier, settings: Self.fastRetries)
        daemon.setNotifierMarker("broken", true)
        try daemon.start()
        let id = try daemon.submit(["category": "0102", "cell": "320506002001006", "key": "crash-1"])
        XCTAssertTrue(waitUntil(seconds: 20) {
            (try? daemon.sqlite("SELECT attempts FROM outbox").first.flatMap { Int($0) } ?? 0) ?? 0 >= 2
        }, daemon.dispatchLogText)
        daemon.crash()
        XCTAssertEqual(try daemon.sqlite("SELECT delivered_at IS NULL FROM outbox"), ["1"], "pending when gridd died")

        daemon.setNotifierMarker("broken", false)
        try daemon.start()
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.sqlite("SELECT delivered_at IS NOT NULL FROM outbox")) == ["1"] }, daemon.dispatchLogText)
        let status = try daemon.notifyStatus()
        XCTAssertEqual(status["pending"], 0)
        XCTAssertEqual(status["since_start"]?["delivered"], 1)
        XCTAssertEqual(daemon.stop(), 0)
        // Delivered by the first run after the restart. (A run cut off by the SIGKILL was never
        // recorded: its attempt number is used again.)
        let attempts = try XCTUnwrap(Int(try XCTUnwrap(try daemon.sqlite("SELECT attempts FROM outbox").first)))
        XCTAssertGreaterThanOrEqual(attempts, 3)
        XCTAssertEqual(daemon.logLines("notify_delivered").count, 1)
        let delivered = try XCTUnwrap(daemon.logLines("notify_delivered").first)
        XCTAssertTrue(delivered.contains("id=\(id) kind=dispatched attempt=\(attempts)"), delivered)
    }

    /// A graceful stop while a notifier runs: it is stopped (with whatever it started), the run is
    /// not counted as an attempt, and the next start delivers the notification.
    func testStopInterruptsRunningNotifierAndNextStartDelivers() throws {
        let daemon = try DaemonHarness()
        try daemon.installNotifier(DaemonHarness.recordingNotifier, settings: Self.fastRetries + "\nTimeout=1min")
        daemon.setNotifierMarker("hang", true)
        try daemon.start()
        try daemon.submit(["category": "0102", "cell": "320506002001006", "key": "stop-1"])
        let sleeperFile = daemon.notifyDirectory + "/sleeper.pid"
        XCTAssertTrue(waitUntil(seconds: 20) { pid(in: sleeperFile) != nil })
        let hung = try XCTUnwrap(pid(in: daemon.notifyDirectory + "/hung.pid"))
        let sleeper = try XCTUnwrap(pid(in: sleeperFile))
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertTrue(waitUntil(seconds: 10) { processIsGone(hung) && processIsGone(sleeper) }, "notifier left running")
        XCTAssertTrue(daemon.logLines("notify_interrupted").count == 1, daemon.dispatchLogText)
        XCTAssertEqual(try daemon.sqlite("SELECT attempts, delivered_at IS NULL FROM outbox"), ["0|1"], "an interrupted run is no attempt")

        daemon.setNotifierMarker("hang", false)
        unlink(sleeperFile)
        try daemon.start()
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.sqlite("SELECT attempts, delivered_at IS NOT NULL FROM outbox")) == ["1|1"] }, daemon.dispatchLogText)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testHangingNotifierIsKilledAtItsTimeoutAndRetried() throws {
        let daemon = try DaemonHarness()
        try daemon.installNotifier(DaemonHarness.recordingNotifier, settings: Self.fastRetries + "\nTimeout=500ms")
        daemon.setNotifierMarker("hang", true)
        try daemon.start()
        try daemon.submit(["category": "0102", "cell": "320506002001006", "key": "hang-1"])
        XCTAssertTrue(waitUntil(seconds: 20) { !daemon.logLines("notify_failed").isEmpty }, daemon.dispatchLogText)
        let failure = daemon.logLines("notify_failed")[0]
        XCTAssertTrue(failure.contains(#"error="timed out after 500ms""#), failure)
        // The script and the `sleep` it started were both stopped (SIGTERM to the process group).
        let hung = try XCTUnwrap(pid(in: daemon.notifyDirectory + "/hung.pid"))
        let sleeper = try XCTUnwrap(pid(in: daemon.notifyDirectory + "/sleeper.pid"))
        XCTAssertTrue(waitUntil(seconds: 10) { processIsGone(hung) && processIsGone(sleeper) }, "notifier left running")
        daemon.setNotifierMarker("hang", false)
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.notifyStatus()["since_start"]?["delivered"]) == 1 }, daemon.dispatchLogText)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testGivesUpAfterMaxAttempts() throws {
        let daemon = try DaemonHarness()
        try daemon.installNotifier(DaemonHarness.recordingNotifier, settings: Self.fastRetries + "\nMaxAttempts=2")
        daemon.setNotifierMarker("broken", true)
        try daemon.start()
        let id = try daemon.submit(["category": "0102", "cell": "320506002001006", "key": "gave-up"])
        XCTAssertTrue(waitUntil(seconds: 20) { !daemon.logLines("notify_gave_up").isEmpty }, daemon.dispatchLogText)
        let gaveUp = daemon.logLines("notify_gave_up")[0]
        XCTAssertTrue(gaveUp.contains("level=error") && gaveUp.contains("id=\(id) kind=dispatched attempt=2"), gaveUp)
        XCTAssertTrue(gaveUp.contains(#"last_error="exit status 7: gateway refused attempt 2""#), gaveUp)
        XCTAssertTrue(waitUntil(seconds: 10) { (try? daemon.notifyStatus()["gave_up"]) == 1 })
        let status = try daemon.notifyStatus()
        XCTAssertEqual(status["pending"], 0)
        XCTAssertEqual(status["since_start"]?["gave_up"], 1)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(daemon.notifierRuns.count, 2)
        XCTAssertEqual(try daemon.sqlite("SELECT attempts, gave_up_at IS NOT NULL, delivered_at IS NULL FROM outbox"), ["2|1|1"])
    }
}
