import GridClient
import GridCore
import GridStore
import XCTest

/// 回访 on the real daemon, acting as different uids: `list --to-visit` holds the closed cases from
/// residents and the hotline not yet visited; a worker may not visit; an operator records the
/// result once, and the case leaves the list.
final class VisitDaemonTests: XCTestCase {
    func testOperatorsVisitClosedResidentAndHotlineCases() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Worker=#4243 320506002001
            Operator=#4444
            [Intake]
            Wait=none
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let worker = UInt32(4243), operatorUID = UInt32(4444)
        var ids: [String: String] = [:]
        for channel in ["hotline", "patrol", "resident"] {
            let submitted = try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006", "--channel", channel], uid: worker)
            let id = try XCTUnwrap(submitted.stdout.split(separator: " ").dropFirst().first.map(String.init))
            ids[channel] = id
            XCTAssertEqual(try daemon.gridctl(["ack", id], uid: worker).status, 0)
            XCTAssertEqual(try daemon.gridctl(["resolve", id], uid: worker).status, 0)
            if channel != "resident" { XCTAssertEqual(try daemon.gridctl(["close", id], uid: operatorUID).status, 0) }
        }
        func toVisit() throws -> [String] {
            let run = try daemon.gridctl(["--json", "list", "--to-visit"], uid: operatorUID)
            XCTAssertEqual(run.status, 0, run.stderr)
            return try run.stdout.split(separator: "\n").map { String(try XCTUnwrap(try JSONParser.parse(String($0)).objectValue?["id"]?.intValue)) }
        }
        XCTAssertEqual(try toVisit(), [ids["hotline"]!], "closed, and from the hotline; the resident's is not closed yet")

        let byWorker = try daemon.gridctl(["visit", ids["hotline"]!, "--result", "satisfied"], uid: worker)
        XCTAssertEqual(byWorker.status, 1)
        XCTAssertTrue(byWorker.stderr.contains("rule: 回访 (visit) is for operators"), byWorker.stderr)
        XCTAssertEqual(try daemon.gridctl(["visit", ids["hotline"]!, "--result", "great"], uid: operatorUID).status, 1)
        let patrol = try daemon.gridctl(["visit", ids["patrol"]!, "--result", "satisfied"], uid: operatorUID)
        XCTAssertEqual(patrol.status, 1)
        XCTAssertTrue(patrol.stderr.contains("回访 is for cases from residents and the 12345 hotline"), patrol.stderr)
        let visited = try daemon.gridctl(["visit", ids["hotline"]!, "--result", "unsatisfied", "--note", "异味仍在"], uid: operatorUID)
        XCTAssertEqual(visited.status, 0, visited.stderr)
        XCTAssertEqual(try toVisit(), [])
        let shown = try daemon.gridctl(["show", ids["hotline"]!], uid: operatorUID)
        XCTAssertTrue(shown.stdout.contains("unsatisfied 不满意"), shown.stdout)

        XCTAssertEqual(daemon.stop(), 0)
        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        let events = try store.events(incidentID: Int64(ids["hotline"]!)!)
        XCTAssertEqual(events.last?.kind, .visited)
        XCTAssertEqual(events.last?.actor.uid, operatorUID)
        XCTAssertEqual(events.last?.note, "异味仍在")
        XCTAssertEqual(try store.incident(id: Int64(ids["hotline"]!)!)?.visit, .unsatisfied)
        XCTAssertTrue(daemon.dispatchLogText.contains("event=visited id=\(ids["hotline"]!)"))
    }
}
