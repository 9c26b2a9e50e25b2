import GridClient
import GridCore
import GridStore
import XCTest

/// 主动上报 and 督办 on the real daemon, acting as different uids: the community worker hands its
/// case to the street (no 超期); the street may not 督办 what it holds itself, the district may;
/// the flag shows in `show`, `list`, the log and `tail`.
final class PressingDaemonTests: XCTestCase {
    func testHoldersHandUpAndUnitsAbovePress() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Worker=#4243 320506002001
            Worker=#4242 320506002
            Worker=#4141 320506
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let community = UInt32(4243), street = UInt32(4242), district = UInt32(4141)
        let submitted = try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006"], uid: community)
        let id = try XCTUnwrap(submitted.stdout.split(separator: " ").dropFirst().first.map(String.init))
        XCTAssertEqual(try daemon.gridctl(["escalate", id], uid: community).status, 1, "a reason is required")
        let handed = try daemon.gridctl(["escalate", id, "--note", "需街道协调城管"], uid: community)
        XCTAssertEqual(handed.status, 0, handed.stderr)
        XCTAssertTrue(handed.stdout.contains("dispatched at street"), handed.stdout)

        let own = try daemon.gridctl(["supervise", id, "--note", "x"], uid: street)
        XCTAssertEqual(own.status, 1)
        XCTAssertTrue(own.stderr.contains("rule: 督办 (supervise) is for an operator or a worker of a unit above the holder"), own.stderr)
        XCTAssertEqual(try daemon.gridctl(["supervise", id, "--note", "请加快"], uid: district).status, 0)
        let shown = try daemon.gridctl(["show", id], uid: district)
        XCTAssertTrue(shown.stdout.contains("督办 supervised") && shown.stdout.contains("1 time"), shown.stdout)
        let listed = try daemon.gridctl(["list"], uid: district)
        XCTAssertTrue(listed.stdout.contains("督办×1"), listed.stdout)
        let tail = try daemon.gridctl(["tail", "--unit", "320506002"], uid: street)
        XCTAssertTrue(tail.stdout.contains("event=supervised id=\(id)"), tail.stdout)
        XCTAssertTrue(tail.stdout.contains("event=escalated_by_hand id=\(id)"), tail.stdout)

        XCTAssertEqual(daemon.stop(), 0)
        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        let events = try store.events(incidentID: Int64(id)!)
        XCTAssertEqual(events.map(\.kind), [.dispatched, .escalatedByHand, .supervised])
        XCTAssertEqual(events.map(\.actor.uid), [community, community, district])
        XCTAssertEqual(events[2].unit, UnitCode("320506002"), "counted against the street holding it")
        let incident = try XCTUnwrap(store.incident(id: Int64(id)!))
        XCTAssertEqual(incident.supervisedCount, 1)
        XCTAssertEqual(incident.timers.missedWindows, 0)
    }
}
