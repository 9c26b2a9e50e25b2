import GridClient
import GridCore
import GridStore
import XCTest

/// Requests and approvals on the real daemon, acting as different uids: the community worker
/// holding a case asks for 延期, 挂账 and 缓办; it may not approve its own unit's requests, nor may
/// another street; its street (a unit above) and an operator decide them; `list --requests` shows
/// each what it may decide; an approved 缓办 until a time resumes by itself — across a restart,
/// on the drill clock, so nothing depends on the machine's speed.
final class RequestDaemonTests: XCTestCase {
    static let config = """
        [Daemon]
        SocketMode=0666
        [Access]
        Worker=#4243 320506002001
        Worker=#4242 320506002
        Worker=#4343 320508002
        Operator=#4444
        [Policy 0102]
        Ack=60min
        Resolve=10h
        """
    let origin = Timestamp(rfc3339: "2026-10-08T09:00:00+08:00")!
    let holder = UInt32(4243), street = UInt32(4242), otherStreet = UInt32(4343), operatorUID = UInt32(4444)

    func json(_ daemon: DaemonHarness, _ arguments: [String], _ uid: UInt32) throws -> JSONObject {
        let run = try daemon.gridctl(["--json"] + arguments, uid: uid)
        XCTAssertEqual(run.status, 0, "\(arguments): \(run.stderr)")
        return try XCTUnwrap(try JSONParser.parse(run.stdout.isEmpty ? "{}" : run.stdout).objectValue)
    }

    func listed(_ daemon: DaemonHarness, _ flags: [String], _ uid: UInt32) throws -> [Int64] {
        let run = try daemon.gridctl(["--json", "list"] + flags, uid: uid)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try run.stdout.split(separator: "\n").map { try XCTUnwrap(try JSONParser.parse(String($0)).objectValue?["id"]?.intValue) }
    }

    func testHoldersAskAndUnitsAboveDecide() throws {
        let daemon = try DaemonHarness(extraConfig: Self.config)
        chmod(daemon.directory, 0o755)
        try daemon.start(extraArguments: ["--start-at", origin.description, "--time-scale", "1"])
        let submitted = try json(daemon, ["submit", "--category", "0102", "--cell", "320506002001006", "--channel", "patrol"], holder)
        let id = try XCTUnwrap(submitted["id"]?.intValue)
        let ref = String(id)
        XCTAssertEqual(try json(daemon, ["ack", ref], holder)["state"], "acknowledged")
        let caseDue = try XCTUnwrap(try json(daemon, ["show", ref], holder)["case_due"]?.stringValue)

        // 延期: asked by the holder, refused to its own unit and to another street, approved above.
        let asked = try daemon.gridctl(["extend", ref, "--by", "1h", "--note", "等待材料"], uid: holder)
        XCTAssertEqual(asked.status, 0, asked.stderr)
        XCTAssertTrue(asked.stdout.contains("extend 延期 request open"), asked.stdout)
        let own = try daemon.gridctl(["approve", ref], uid: holder)
        XCTAssertEqual(own.status, 1)
        XCTAssertTrue(own.stderr.contains("rule: 延期/缓办/挂账 requests are decided by an operator or a worker of a unit above the holder"), own.stderr)
        XCTAssertEqual(try daemon.gridctl(["approve", ref], uid: otherStreet).status, 1)
        XCTAssertEqual(try listed(daemon, ["--requests"], street), [id])
        XCTAssertEqual(try listed(daemon, ["--requests"], operatorUID), [id])
        XCTAssertEqual(try listed(daemon, ["--requests"], holder), [], "not the holder's to decide")
        let second = try daemon.gridctl(["suspend", ref, "--note", "x"], uid: holder)
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains("it has an open extend request"), second.stderr)
        let extended = try json(daemon, ["approve", ref, "--note", "同意"], street)
        XCTAssertEqual(extended["request"], .null)
        XCTAssertEqual(
            Timestamp(rfc3339: try XCTUnwrap(extended["case_due"]?.stringValue)),
            Timestamp(rfc3339: caseDue)?.adding(milliseconds: 3_600_000))

        // 挂账: approved by an operator, on the 挂账 list, resumed by the holder.
        XCTAssertEqual(try daemon.gridctl(["suspend", ref, "--note", "涉法涉诉"], uid: holder).status, 0)
        XCTAssertEqual(try json(daemon, ["approve", ref], operatorUID)["state"], "suspended")
        XCTAssertEqual(try listed(daemon, ["--state", "suspended"], operatorUID), [id])
        XCTAssertEqual(try json(daemon, ["resume", ref], holder)["state"], "acknowledged")

        // A denial needs a reason and changes nothing else.
        XCTAssertEqual(try daemon.gridctl(["defer", ref, "--note", "等待"], uid: holder).status, 0)
        XCTAssertEqual(try daemon.gridctl(["deny", ref], uid: operatorUID).status, 1, "a reason is required")
        XCTAssertEqual(try json(daemon, ["deny", ref, "--note", "理由不足"], operatorUID)["state"], "acknowledged")

        // 缓办 until 09:30 (drill time), approved; the daemon is down past it: at start it resumes.
        let until = origin.adding(milliseconds: 30 * 60_000)
        XCTAssertEqual(try daemon.gridctl(["defer", ref, "--note", "雨天", "--until", until.description], uid: holder).status, 0)
        XCTAssertEqual(try json(daemon, ["approve", ref], street)["state"], "deferred")
        XCTAssertEqual(daemon.stop(), 0)
        try daemon.start(extraArguments: ["--start-at", origin.adding(milliseconds: 40 * 60_000).description, "--time-scale", "1"])
        XCTAssertTrue(waitUntil(seconds: 20) {
            (try? daemon.sqlite("SELECT state FROM incidents WHERE id = \(id)")) == ["acknowledged"]
        })
        XCTAssertEqual(daemon.stop(), 0)

        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        let events = try store.events(incidentID: id)
        XCTAssertEqual(events.map(\.kind), [
            .dispatched, .acknowledged, .requested, .approved, .extended, .requested, .approved, .suspended, .resumed,
            .requested, .denied, .requested, .approved, .deferred, .resumed,
        ])
        XCTAssertEqual(events.map(\.actor.uid), [
            holder, holder, holder, street, street, holder, operatorUID, operatorUID, holder, holder, operatorUID, holder, street, street, 0,
        ])
        XCTAssertEqual(events.last?.due, until, "resumed at the end of the 缓办, as if the daemon had run")
        let log = daemon.dispatchLogText
        for kind in ["requested", "approved", "extended", "suspended", "denied", "deferred"] {
            XCTAssertTrue(log.contains("event=\(kind) id=\(id)"), kind)
        }
    }
}
