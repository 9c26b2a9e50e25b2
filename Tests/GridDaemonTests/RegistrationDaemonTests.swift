import GridClient
import GridCore
import GridStore
import XCTest

/// 立案 on the real daemon, acting as different uids: channels that wait (`[Intake]`, the
/// sample's resident and hotline) stand `reported` in the operators' intake queue (`list --state
/// reported`); a worker may neither register nor reject (the refusal names the rule); an operator
/// registers with a corrected category and priority (the snapshot and the case deadline taken
/// then) or rejects with a reason; and a register window (立案时限) that runs out is 超期 charged
/// to the city's centre, on the 超期 list, never escalated. The drill clock jumps between starts,
/// so which deadlines passed does not depend on the machine's speed.
final class RegistrationDaemonTests: XCTestCase {
    static let config = """
        [Daemon]
        SocketMode=0666
        [Access]
        Worker=#4242 320506002
        Operator=#4444
        [Policy]
        Register=30min
        """
    let origin = Timestamp(rfc3339: "2026-10-08T09:00:00+08:00")!
    let worker = UInt32(4242), operatorUID = UInt32(4444)

    func start(_ daemon: DaemonHarness, atMinute offset: Int64) throws {
        try daemon.start(extraArguments: ["--start-at", origin.adding(milliseconds: offset * 60_000).description, "--time-scale", "1"])
    }

    func submit(_ daemon: DaemonHarness, channel: String?, category: String = "0102") throws -> (id: String, stdout: String) {
        let flags = channel.map { ["--channel", $0] } ?? []
        let plain = try daemon.gridctl(["submit", "--category", category, "--cell", "320506002001006"] + flags, uid: worker)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let id = try XCTUnwrap(plain.stdout.split(separator: " ").dropFirst().first.map(String.init))
        return (id, plain.stdout)
    }

    func json(_ daemon: DaemonHarness, _ arguments: [String], uid: UInt32) throws -> JSONObject {
        let run = try daemon.gridctl(["--json"] + arguments, uid: uid)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(try JSONParser.parse(run.stdout).objectValue)
    }

    func testOperatorsRegisterAndRejectWhatWaitsAndWorkersMayNot() throws {
        let daemon = try DaemonHarness(extraConfig: Self.config)
        chmod(daemon.directory, 0o755)
        try start(daemon, atMinute: 0)
        let resident = try submit(daemon, channel: "resident")
        XCTAssertTrue(resident.stdout.contains("reported 待立案 (resident 居民上报): waiting for an operator's register"), resident.stdout)
        let patrol = try submit(daemon, channel: "patrol")
        XCTAssertTrue(patrol.stdout.contains("dispatched to community"), patrol.stdout)
        let hotline = try submit(daemon, channel: "hotline")
        let unnamed = try submit(daemon, channel: nil)
        let badChannel = try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006", "--channel", "fax"], uid: worker)
        XCTAssertEqual(badChannel.status, 1)
        XCTAssertTrue(badChannel.stderr.contains(#"channel "fax" is not one of patrol, resident, hotline, department, other"#), badChannel.stderr)

        // The intake queue: what waits for 立案, and nothing else.
        let queue = try daemon.gridctl(["--json", "list", "--state", "reported"], uid: operatorUID)
        XCTAssertEqual(queue.status, 0, queue.stderr)
        let queued = try queue.stdout.split(separator: "\n").map { String(try JSONParser.parse(String($0)).objectValue?["id"]?.intValue ?? -1) }
        XCTAssertEqual(Set(queued), [resident.id, hotline.id])
        XCTAssertEqual(try json(daemon, ["show", unnamed.id], uid: operatorUID)["channel"], "other")

        // Workers may neither register nor reject; a waiting report cannot be acknowledged.
        let byWorker = try daemon.gridctl(["register", resident.id], uid: worker)
        XCTAssertEqual(byWorker.status, 1)
        XCTAssertTrue(byWorker.stderr.contains("rule: 立案 (register) and 不予立案 (reject) are for operators"), byWorker.stderr)
        XCTAssertEqual(try daemon.gridctl(["reject", resident.id, "--note", "x"], uid: worker).status, 1)
        let ack = try daemon.gridctl(["ack", resident.id], uid: worker)
        XCTAssertEqual(ack.status, 1)
        XCTAssertTrue(ack.stderr.contains("it is reported"), ack.stderr)

        // 立案 with a corrected classification: 0401 starts at the street, on calendar windows.
        let registered = try json(daemon, ["register", resident.id, "--category", "0401", "--priority", "urgent"], uid: operatorUID)
        XCTAssertEqual(registered["state"], "dispatched")
        XCTAssertEqual(registered["tier"], "street")
        XCTAssertEqual(registered["category"]?.objectValue?["code"], "0401")
        XCTAssertEqual(registered["priority"], "urgent")
        XCTAssertNotEqual(registered["registered_at"], .null)
        XCTAssertNotEqual(registered["case_due"], .null, "the case deadline is taken at 立案")
        XCTAssertEqual(try daemon.gridctl(["register", resident.id], uid: operatorUID).status, 1, "only once")
        XCTAssertEqual(try daemon.gridctl(["ack", resident.id], uid: worker).status, 0, "the street worker takes it on")

        let noReason = try daemon.gridctl(["reject", hotline.id], uid: operatorUID)
        XCTAssertEqual(noReason.status, 1)
        XCTAssertTrue(noReason.stderr.contains("reject needs a reason"), noReason.stderr)
        XCTAssertEqual(try json(daemon, ["reject", hotline.id, "--note", "不属于受理范围"], uid: operatorUID)["state"], "rejected")
        XCTAssertEqual(try daemon.gridctl(["--json", "list", "--state", "reported"], uid: operatorUID).stdout, "")

        XCTAssertEqual(daemon.stop(), 0)
        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        let events = try store.events(incidentID: Int64(resident.id)!)
        XCTAssertEqual(events.map(\.kind), [.reported, .registered, .acknowledged])
        XCTAssertEqual(events.map(\.actor.uid), [worker, operatorUID, worker])
        XCTAssertEqual(events[1].detail["category_from"], "0102")
        XCTAssertEqual(events[1].detail["register_on_time"], true)
        let stored = try XCTUnwrap(store.incident(id: Int64(resident.id)!))
        XCTAssertEqual(stored.policy.topTier, .city)
        XCTAssertEqual(stored.policy.windows[.street]?.ack, .calendar(30 * 60_000), "0401's snapshot, taken at 立案")
        XCTAssertEqual(try store.events(incidentID: Int64(hotline.id)!).map(\.kind), [.reported, .rejected])
        let log = daemon.dispatchLogText
        XCTAssertTrue(log.contains("event=reported id=\(resident.id)"), log)
        XCTAssertTrue(log.contains("event=registered id=\(resident.id)"), log)
        XCTAssertTrue(log.contains("event=rejected id=\(hotline.id)"), log)
    }

    /// Received at 09:00 with Register=30min; the daemon is down until 09:40: at start the register
    /// window's end fires (counted from when it fell due): 超期 charged to the centre (320500), red,
    /// on `list --overdue`, at the tier it stood at.
    func testAMissedRegisterWindowIsOnTheOverdueListChargedToTheCentre() throws {
        let daemon = try DaemonHarness(extraConfig: Self.config)
        chmod(daemon.directory, 0o755)
        try start(daemon, atMinute: 0)
        let waiting = try submit(daemon, channel: "hotline")
        XCTAssertEqual(daemon.stop(), 0)
        try start(daemon, atMinute: 40)
        XCTAssertTrue(waitUntil(seconds: 20) {
            (try? daemon.sqlite("SELECT count(*) FROM events WHERE kind = 'overdue' AND incident_id = \(waiting.id)")) == ["1"]
        })
        let shown = try json(daemon, ["show", waiting.id], uid: operatorUID)
        XCTAssertEqual(shown["state"], "reported")
        XCTAssertEqual(shown["tier"], "community", "never escalated")
        XCTAssertEqual(shown["light"], "red")
        XCTAssertEqual(shown["charges"]?.arrayValue?.first?.objectValue?["window"], "register")
        XCTAssertEqual(shown["charges"]?.arrayValue?.first?.objectValue?["unit"]?.objectValue?["code"], "320500")
        let overdue = try daemon.gridctl(["--json", "list", "--overdue"], uid: operatorUID)
        XCTAssertTrue(overdue.stdout.contains("\"id\":\(waiting.id),"), overdue.stdout)
        XCTAssertEqual(
            try daemon.sqlite("SELECT unit || ' ' || json_extract(detail, '$.window') || ' ' || json_extract(detail, '$.charged_unit') FROM events WHERE kind = 'overdue'"),
            ["320500 register 320500"])
        XCTAssertEqual(try daemon.sqlite("SELECT charged FROM overdue_incidents"), ["320500 register"])
        XCTAssertTrue(daemon.dispatchLogText.contains("charged_unit=320500"), daemon.dispatchLogText)
        let late = try json(daemon, ["register", waiting.id], uid: operatorUID)
        XCTAssertEqual(late["light"], "red", "a late case stays late")
        XCTAssertEqual(daemon.stop(), 0)
    }
}
