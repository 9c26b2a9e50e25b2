import GridClient
import GridCore
import GridStore
import XCTest

/// Escalation with the real daemon and real time: an urgent category whose windows are seconds,
/// SIGKILL between deadlines and across several missed deadlines, and afterwards every
/// escalation, overdue and reminder happened exactly once, each at its deadline.
final class EscalationRestartTests: XCTestCase {
    /// 突发事件 (0401, starts at the street) with 1-second windows and reminders.
    static let fastPolicy = """
        [Policy 0401]
        Ack=1s
        Resolve=30s
        WarningAt=0
        ReminderEvery=1s
        VerifyWithin=30s
        """

    func testEscalationsAreExactlyOnceAcrossCrashes() throws {
        let daemon = try DaemonHarness(extraConfig: Self.fastPolicy)
        try daemon.start()
        let connection = try daemon.connect()
        var ids: [Int64] = []
        for index in 0..<10 {
            let result = try connection.call("submit", ["report": ["category": "0401", "cell": "320506002001006", "key": .string("e\(index)")]]).get()
            ids.append(try XCTUnwrap(result.objectValue?["id"]?.intValue))
            XCTAssertEqual(result.objectValue?["tier"], "street")
        }
        // Crash between deadlines, then again across several missed deadlines.
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.dispatchLogText.contains("event=escalated") })
        daemon.crash()
        try daemon.start()
        sleepRealSeconds(0.2)  // crash again a moment after the restart, mid catch-up
        daemon.crash()
        sleepRealSeconds(3.5)  // three or four deadlines fall due while nobody runs
        try daemon.start()
        // Wait until every incident has missed its window at the city and has been reminded twice.
        XCTAssertTrue(waitUntil(seconds: 30) {
            daemon.dispatchLogText.components(separatedBy: "event=reminded").count > 2 * ids.count + 1
        }, daemon.dispatchLogText)
        XCTAssertEqual(daemon.stop(), 0)

        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        var lateAfterRestart = 0
        for id in ids {
            let incident = try XCTUnwrap(try store.incident(id: id))
            let events = try store.events(incidentID: id)
            let escalations = events.filter { $0.kind == .escalated }
            XCTAssertEqual(escalations.map(\.tier), [.district, .city], "incident \(id): \(events.map(\.kind))")
            // 超期 at the street, the district and the city, each charged to the tier that missed.
            let misses = events.filter { $0.kind == .overdue }
            XCTAssertEqual(misses.map(\.tier), [.street, .district, .city], "incident \(id)")
            XCTAssertEqual(misses.map { $0.detail["charged_tier"]?.stringValue }, ["street", "district", "city"])
            XCTAssertEqual(incident.timers.missedWindows, 3)
            // Every deadline is one second after the one before it, counted from the creation; an
            // escalation shares the deadline of the 超期 before it.
            let timed = events.filter { $0.due != nil }
            var expectedDue = incident.createdAt
            for event in timed {
                if event.kind != .escalated { expectedDue = expectedDue.adding(milliseconds: 1000) }
                XCTAssertEqual(event.due, expectedDue, "incident \(id) \(event.kind) seq \(event.seq)")
                XCTAssertGreaterThanOrEqual(event.at, event.due!, "never early")
                if event.at.milliseconds - event.due!.milliseconds > 1500 { lateAfterRestart += 1 }
            }
            XCTAssertTrue(incident.timers.overdue)
            XCTAssertEqual(incident.tier, .city)
        }
        XCTAssertGreaterThan(lateAfterRestart, 0, "deadlines missed while down ran late, and say so")
    }

    func testWorkerActionsStopTheClimb() throws {
        // 10 s to acknowledge: enough for the gridctl calls below on a loaded machine, short enough
        // that the stale ack deadline falls due within the wait further down.
        let daemon = try DaemonHarness(extraConfig: Self.fastPolicy.replacingOccurrences(of: "Ack=1s", with: "Ack=10s"))
        try daemon.start()
        let submitted = try daemon.gridctl(["--json", "submit", "--category", "0401", "--cell", "320506002001006"])
        let id = try XCTUnwrap(try JSONParser.parse(submitted.stdout).objectValue?["id"]?.intValue)
        let acked = try daemon.gridctl(["ack", String(id), "--note", "已到场"])
        XCTAssertEqual(acked.status, 0, acked.stderr)
        XCTAssertTrue(acked.stdout.contains("acknowledged at street"), acked.stdout)
        XCTAssertEqual(try daemon.gridctl(["ack", String(id)]).status, 1, "a second ack is refused (invalid_state)")
        XCTAssertEqual(try daemon.gridctl(["resolve", String(id)]).status, 0)
        XCTAssertEqual(try daemon.gridctl(["reopen", String(id), "--note", "复查未通过"]).status, 0)
        XCTAssertEqual(try daemon.gridctl(["resolve", String(id)]).status, 0)
        XCTAssertEqual(try daemon.gridctl(["close", String(id)]).status, 0)
        let shown = try daemon.gridctl(["--json", "show", String(id)])
        let incident = try XCTUnwrap(try JSONParser.parse(shown.stdout).objectValue)
        XCTAssertEqual(incident["state"], "closed")
        XCTAssertEqual(incident["deadline"]?.objectValue?["reopen_count"], 1)
        let kinds = incident["events"]?.arrayValue?.compactMap { $0.objectValue?["kind"]?.stringValue } ?? []
        XCTAssertEqual(kinds, ["dispatched", "acknowledged", "resolved", "reopened", "resolved", "closed"])
        XCTAssertEqual(incident["events"]?.arrayValue?[1].objectValue?["note"], "已到场")
        // Nothing escalates after the close: the old ack deadline falls due and does nothing.
        XCTAssertTrue(waitUntil(seconds: 40) {
            let status = try? daemon.connect().call("status").get()
            return (status?.objectValue?["deadlines"]?.objectValue?["stale"]?.intValue ?? 0) >= 1
        })
        let after = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "show", String(id)]).stdout).objectValue)
        XCTAssertEqual(after["events"]?.arrayValue?.count, 6)
        let human = try daemon.gridctl(["show", String(id)])
        XCTAssertTrue(human.stdout.contains("resolved"), human.stdout)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testDrillClockEscalatesAtAnyHour() throws {
        // The sample policy's 突发事件 windows are 30 minutes of calendar time; at 3600× a
        // drill minute takes a sixtieth of a second. Start on the eve of National Day.
        let daemon = try DaemonHarness()
        try daemon.start(extraArguments: ["--start-at", "2026-09-30T23:00:00+08:00", "--time-scale", "3600"])
        let result = try daemon.connect().call("submit", ["report": ["category": "0401", "cell": "320506002001006"]]).get()
        let id = try XCTUnwrap(result.objectValue?["id"]?.intValue)
        XCTAssertTrue(result.objectValue?["created_at"]?.stringValue?.hasPrefix("2026-09-30T23:") ?? false, "times at +08:00: \(result)")
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.dispatchLogText.contains("event=overdue id=\(id)") }, daemon.dispatchLogText)
        let listed = try daemon.gridctl(["list", "--json", "--overdue"])
        XCTAssertTrue(listed.stdout.contains("\"id\":\(id)"), listed.stdout)
        XCTAssertEqual(daemon.stop(), 0)
    }
}

/// Lets real time pass where the test is about real time passing (deadlines falling due while
/// the daemon is down); never used to wait for a result.
func sleepRealSeconds(_ seconds: Double) {
    usleep(useconds_t(seconds * 1_000_000))
}
