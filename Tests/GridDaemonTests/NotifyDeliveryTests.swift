import Foundation
import GridClient
import GridCore
import XCTest

/// `[Notify]` with the real daemon: the JSON a notifier reads, which events get one (`Events=`,
/// timer events included), `Concurrency=`, and a reload that turns notifications on and off.
final class NotifyDeliveryTests: XCTestCase {
    func testDispatchedEventIsDeliveredWithItsJSONAndOtherKindsAreNot() throws {
        let daemon = try DaemonHarness()
        try daemon.installNotifier(DaemonHarness.recordingNotifier, settings: "Events=dispatched")
        try daemon.start()
        let id = try daemon.submit([
            "category": "0601", "cell": "320508002002003", "title": "井盖缺损", "address": "临江路 18 号",
            "reporter": ["name": "王芳", "phone": "13812345678"],
        ])
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.notifyStatus()["since_start"]?["delivered"]) == 1 }, daemon.dispatchLogText)
        let seq = try XCTUnwrap(Int64(try XCTUnwrap(daemon.notifierRuns.first?.split(separator: " ").first)))
        let payload = try daemon.notifierPayload(seq: seq, attempt: 1)
        XCTAssertEqual(payload["notification"], .int(seq))
        XCTAssertEqual(payload["attempt"], 1)
        XCTAssertEqual(payload["kind"], "dispatched")
        XCTAssertEqual(payload["id"], .int(id))
        XCTAssertEqual(payload["tier"], "community")
        XCTAssertEqual(payload["unit"], ["code": "320508002002", "name": "金沙社区"])
        XCTAssertEqual(payload["department"], "社区网格站")
        XCTAssertEqual(payload["category"], ["code": "0601", "name": "井盖缺损"])
        XCTAssertEqual(payload["priority"], "urgent")
        XCTAssertEqual(payload["state"], "dispatched")
        XCTAssertEqual(payload["title"], "井盖缺损")
        XCTAssertEqual(payload["address"], "临江路 18 号")
        XCTAssertEqual(payload["cell"], "320508002002003")
        XCTAssertEqual(payload["due"], .null)
        XCTAssertEqual(payload["reporter_phone"], "138****5678")
        XCTAssertNotNil(payload["at"]?.stringValue.flatMap(Timestamp.init(rfc3339:)))
        XCTAssertEqual(payload["deadline"]?["window"], "ack")
        let raw = try String(contentsOfFile: daemon.notifyDirectory + "/in/\(seq).1.json", encoding: .utf8)
        XCTAssertFalse(raw.contains("13812345678") || raw.contains("王芳"), "no unmasked phone, no reporter name: \(raw)")
        let variables = try String(contentsOfFile: daemon.notifyDirectory + "/in/\(seq).1.env", encoding: .utf8)
        XCTAssertEqual(variables, "\(seq) dispatched \(id) 1\n")

        // An acknowledgement and a note are not in Events=: no outbox rows, no runs.
        XCTAssertEqual(try daemon.gridctl(["ack", String(id)]).status, 0)
        XCTAssertEqual(try daemon.gridctl(["note", String(id), "--note", "已到现场"]).status, 0)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("SELECT event_seq, kind, attempts, delivered_at IS NOT NULL FROM outbox"), ["\(seq)|dispatched|1|1"])
        XCTAssertEqual(daemon.notifierRuns.count, 1)
        let delivered = try XCTUnwrap(daemon.logLines("notify_delivered").first)
        XCTAssertTrue(delivered.contains("level=info") && delivered.contains("notification=\(seq) id=\(id) kind=dispatched attempt=1"), delivered)
    }

    /// Timer events go through the same trigger: an escalation (1-second ack window) is notified
    /// with its deadline; the dispatched event, not in Events=, is not.
    func testEscalationFromTheSchedulerIsNotified() throws {
        let daemon = try DaemonHarness()
        try daemon.installNotifier(
            DaemonHarness.recordingNotifier, settings: "Events=escalated",
            extraConfig: "[Policy 0401]\nAck=1s\nResolve=1h\nWarningAt=0\nReminderEvery=1h\nVerifyWithin=1h")
        try daemon.start()
        let id = try daemon.submit(["category": "0401", "cell": "320506002001006", "title": "路面塌陷"])
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.notifierRuns.count >= 1 }, daemon.dispatchLogText)
        let seq = try XCTUnwrap(Int64(try XCTUnwrap(daemon.notifierRuns.first?.split(separator: " ").first)))
        let payload = try daemon.notifierPayload(seq: seq, attempt: 1)
        XCTAssertEqual(payload["kind"], "escalated")
        XCTAssertEqual(payload["id"], .int(id))
        XCTAssertEqual(payload["tier"], "district")
        XCTAssertEqual(payload["department"], "区应急管理局")
        let due = try XCTUnwrap(payload["due"]?.stringValue.flatMap(Timestamp.init(rfc3339:)))
        let at = try XCTUnwrap(payload["at"]?.stringValue.flatMap(Timestamp.init(rfc3339:)))
        XCTAssertEqual(payload["late_ms"], .int(at.milliseconds - due.milliseconds))
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("SELECT DISTINCT kind FROM outbox"), ["escalated"])
    }

    func testConcurrencyIsBounded() throws {
        let daemon = try DaemonHarness()
        // Each run marks itself running, records how many are, and waits (bounded) for `go`.
        try daemon.installNotifier("""
            cat > /dev/null
            mkdir -p "$DIR/running"
            touch "$DIR/running/$GRIDD_NOTIFICATION"
            ls "$DIR/running" | wc -l >> "$DIR/concurrent"
            i=0
            while [ ! -e "$DIR/go" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
            rm "$DIR/running/$GRIDD_NOTIFICATION"
            """, settings: "Events=dispatched\nConcurrency=2\nTimeout=1min")
        try daemon.start()
        for index in 0..<6 { try daemon.submit(["category": "0102", "cell": "320506002001006", "key": .string("c\(index)")]) }
        let running = daemon.notifyDirectory + "/running"
        func runningCount() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: running).count) ?? 0 }
        XCTAssertTrue(waitUntil(seconds: 20) { runningCount() == 2 })
        let status = try daemon.notifyStatus()
        XCTAssertEqual(status["in_flight"], 2)
        XCTAssertEqual(status["pending"], 6)
        XCTAssertEqual(status["concurrency"], 2)
        XCTAssertEqual(runningCount(), 2, "the other four wait for a free slot")
        daemon.setNotifierMarker("go", true)
        XCTAssertTrue(waitUntil(seconds: 30) { (try? daemon.notifyStatus()["since_start"]?["delivered"]) == 6 }, daemon.dispatchLogText)
        let counts = try String(contentsOfFile: daemon.notifyDirectory + "/concurrent", encoding: .utf8)
            .split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        XCTAssertEqual(counts.count, 6)
        XCTAssertLessThanOrEqual(counts.max() ?? 99, 2, "\(counts)")
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testReloadTurnsNotificationsOnAndOff() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try daemon.submit(["category": "0102", "cell": "320506002001006", "key": "before"])
        XCTAssertEqual(try daemon.notifyStatus()["enabled"], false)
        try daemon.installNotifier(DaemonHarness.recordingNotifier, settings: "Events=dispatched")
        daemon.signal(SIGHUP)
        XCTAssertTrue(waitUntil(seconds: 20) { !daemon.logLines("notify_configured").isEmpty }, daemon.dispatchLogText)
        XCTAssertEqual(try daemon.notifyStatus()["enabled"], true)
        let id = try daemon.submit(["category": "0102", "cell": "320506002001006", "key": "during"])
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.notifyStatus()["since_start"]?["delivered"]) == 1 }, daemon.dispatchLogText)

        try daemon.rewriteConfig(extraConfig: "")
        daemon.signal(SIGHUP)
        XCTAssertTrue(waitUntil(seconds: 20) { !daemon.logLines("notify_disabled").isEmpty }, daemon.dispatchLogText)
        try daemon.submit(["category": "0102", "cell": "320506002001006", "key": "after"])
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("SELECT incident_id FROM outbox"), ["\(id)"], "only the report made while [Notify] was on")
        XCTAssertEqual(daemon.notifierRuns.count, 1)
    }

    /// `Exec=` must name an executable file: checked at start, by --check-config and on reload.
    func testNotifierProgramMustBeExecutable() throws {
        let daemon = try DaemonHarness(extraConfig: "[Notify]\nExec=/nonexistent/gridd-notify --sms")
        let missing = try daemon.checkConfig()
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("\(daemon.configPath):") && missing.stderr.contains(
            "Exec=/nonexistent/gridd-notify: No such file or directory; expected the program that delivers notifications"), missing.stderr)
        try daemon.rewriteConfig(extraConfig: "[Notify]\nExec=\(daemon.configPath)")
        let notExecutable = try daemon.checkConfig()
        XCTAssertEqual(notExecutable.status, 1)
        XCTAssertTrue(notExecutable.stderr.contains("Exec=\(daemon.configPath): not an executable file"), notExecutable.stderr)

        // A reload that names a missing program is refused whole; the running config stays.
        try daemon.installNotifier(DaemonHarness.recordingNotifier, settings: "Events=dispatched")
        try daemon.start()
        try daemon.rewriteConfig(extraConfig: "[Notify]\nExec=/nonexistent/gridd-notify")
        daemon.signal(SIGHUP)
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.dispatchLogText.contains("event=reload_failed") }, daemon.dispatchLogText)
        XCTAssertEqual(try daemon.notifyStatus()["exec"], .string(daemon.directory + "/notify.sh"))
        XCTAssertEqual(daemon.stop(), 0)
    }
}
