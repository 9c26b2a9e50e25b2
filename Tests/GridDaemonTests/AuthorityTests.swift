import GridClient
import GridCore
import GridStore
import XCTest

/// Authority from SO_PEERCRED against the access config, with gridctl run as other uids.
final class AuthorityTests: XCTestCase {
    func testWorkersActOnlyAtTheirUnitsAndOperatorsCancelAndTransfer() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Worker=#4242 320506002
            Worker=#4343 320508002
            Operator=#4444
            Operator=@#4545
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let street = UInt32(4242), otherStreet = UInt32(4343), operatorUID = UInt32(4444), stranger = UInt32(5555)

        let submitted = try daemon.gridctl(["--json", "submit", "--category", "0102", "--cell", "320506002001006"], uid: street)
        XCTAssertEqual(submitted.status, 0, submitted.stderr)
        let incident = try XCTUnwrap(try JSONParser.parse(submitted.stdout).objectValue)
        let id = String(try XCTUnwrap(incident["id"]?.intValue))
        XCTAssertEqual(incident["created_by"]?.objectValue?["uid"], 4242)

        let wrongStreet = try daemon.gridctl(["ack", id], uid: otherStreet)
        XCTAssertEqual(wrongStreet.status, 1)
        XCTAssertTrue(wrongStreet.stderr.contains("rule: a worker acts only on incidents at its unit or below"), wrongStreet.stderr)

        let cancelByWorker = try daemon.gridctl(["cancel", id, "--note", "重复"], uid: street)
        XCTAssertEqual(cancelByWorker.status, 1)
        XCTAssertTrue(cancelByWorker.stderr.contains("rule: cancel and transfer are for operators"), cancelByWorker.stderr)

        XCTAssertEqual(try daemon.gridctl(["ack", id, "--note", "收到"], uid: street).status, 0)

        let transfer = try daemon.gridctl(["transfer", id, "--to", "320508002002003", "--note", "属临江街道"], uid: operatorUID)
        XCTAssertEqual(transfer.status, 0, transfer.stderr)
        XCTAssertTrue(transfer.stdout.contains("dispatched at community"), transfer.stdout)
        let afterTransfer = try daemon.gridctl(["ack", id], uid: street)
        XCTAssertEqual(afterTransfer.status, 1, "the incident left this worker's street")
        XCTAssertEqual(try daemon.gridctl(["ack", id], uid: otherStreet).status, 0)

        // A supplementary group grants the operator role too (read from the peer's /proc status).
        let byGroup = try daemon.gridctl(["note", id, "--note", "组内操作员"], uid: stranger, groups: [4545])
        XCTAssertEqual(byGroup.status, 0, byGroup.stderr)

        let notAdmitted = try daemon.gridctl(["status"], uid: stranger)
        XCTAssertEqual(notAdmitted.status, 1)
        XCTAssertTrue(notAdmitted.stderr.contains("permission_denied"), notAdmitted.stderr)
        XCTAssertTrue(notAdmitted.stderr.contains("not in the access config"), notAdmitted.stderr)

        XCTAssertEqual(daemon.stop(), 0)
        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        let events = try store.events(incidentID: Int64(id)!)
        XCTAssertEqual(events.map(\.kind), [.dispatched, .acknowledged, .transferred, .acknowledged, .note])
        XCTAssertEqual(events.map(\.actor.uid), [4242, 4242, 4444, 4343, 5555])
        XCTAssertTrue(daemon.dispatchLogText.contains("event=request_refused op=ack code=permission_denied"), daemon.dispatchLogText)
    }
}
