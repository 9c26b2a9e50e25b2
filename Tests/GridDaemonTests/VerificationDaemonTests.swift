import GridClient
import GridCore
import GridStore
import XCTest

/// 核查 by someone else on the real daemon, acting as different uids: the worker who resolved a
/// case may not close or reopen it; an inspector (监督员) of another street may not either; the
/// street's inspector sends it back (返工), the reporting worker closes it, a city-wide inspector
/// closes another. Each refusal names its rule.
final class VerificationDaemonTests: XCTestCase {
    func testCasesAreVerifiedBySomeoneElse() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Worker=#4242 320506002
            Worker=#4243 320506002001
            Inspector=#4646 320506002
            Inspector=#4747 320508002
            Inspector=#4848
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let resolver = UInt32(4242), reporter = UInt32(4243)
        let streetInspector = UInt32(4646), otherInspector = UInt32(4747), cityInspector = UInt32(4848)
        func run(_ arguments: [String], _ uid: UInt32) throws -> (status: Int32, stdout: String, stderr: String) {
            try daemon.gridctl(arguments, uid: uid)
        }
        func submitted() throws -> String {
            let result = try run(["submit", "--category", "0102", "--cell", "320506002001006"], reporter)
            XCTAssertEqual(result.status, 0, result.stderr)
            return try XCTUnwrap(result.stdout.split(separator: " ").dropFirst().first.map(String.init))
        }
        let first = try submitted()
        XCTAssertEqual(try run(["ack", first], resolver).status, 0)
        XCTAssertEqual(try run(["resolve", first, "--note", "已清理"], resolver).status, 0)

        let own = try run(["close", first], resolver)
        XCTAssertEqual(own.status, 1)
        XCTAssertTrue(own.stderr.contains("rule: no self-verification"), own.stderr)
        XCTAssertTrue(try run(["reopen", first, "--note", "x"], resolver).stderr.contains("rule: no self-verification"))
        let elsewhere = try run(["close", first], otherInspector)
        XCTAssertEqual(elsewhere.status, 1)
        XCTAssertTrue(
            elsewhere.stderr.contains("rule: 核查 (close, reopen) is for an inspector of the case's area, an operator, or the reporting worker"),
            elsewhere.stderr)

        let rework = try run(["reopen", first, "--note", "垃圾未清完"], streetInspector)
        XCTAssertEqual(rework.status, 0, rework.stderr)
        XCTAssertTrue(rework.stdout.contains("acknowledged"), rework.stdout)
        XCTAssertEqual(try run(["resolve", first], resolver).status, 0)
        let byReporter = try run(["close", first, "--note", "核查通过"], reporter)
        XCTAssertEqual(byReporter.status, 0, byReporter.stderr)

        let second = try submitted()
        XCTAssertEqual(try run(["ack", second], resolver).status, 0)
        XCTAssertEqual(try run(["resolve", second], resolver).status, 0)
        XCTAssertEqual(try run(["close", second], cityInspector).status, 0, "a city-wide inspector")
        XCTAssertEqual(try run(["ack", second], streetInspector).status, 1, "an inspector verifies; it does not handle")

        XCTAssertEqual(daemon.stop(), 0)
        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        let events = try store.events(incidentID: Int64(first)!)
        XCTAssertEqual(events.map(\.kind), [.dispatched, .acknowledged, .resolved, .reopened, .resolved, .closed])
        XCTAssertEqual(events.map(\.actor.uid), [reporter, resolver, resolver, streetInspector, resolver, reporter])
        XCTAssertEqual(try store.incident(id: Int64(second)!)?.resolvedBy, resolver)
        XCTAssertEqual(try store.events(incidentID: Int64(second)!).last?.actor.uid, cityInspector)
        XCTAssertTrue(daemon.dispatchLogText.contains("event=request_refused op=close code=permission_denied"), daemon.dispatchLogText)
    }
}
