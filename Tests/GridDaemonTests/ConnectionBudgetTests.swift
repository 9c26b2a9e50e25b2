import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// Connections are handed out by role at accept time: a peer with no role in `[Access]` gets two
/// (enough to ping and be told), all role-less peers together sixteen, and the last
/// `ReservedConnections=` stay for operators and admins — so users with no role, or workers,
/// cannot take every connection and lock the operator out.
final class ConnectionBudgetTests: XCTestCase {
    static let access = """
        [Daemon]
        SocketMode=0666
        [Access]
        Worker=#4242 320506002
        Operator=#4444
        """

    /// Three role-less users try 16 connections each (which filled `MaxConnections=40` and made
    /// `gridctl status` exit 69 for the operator): each gets two, and the operator gets in.
    func testRoleLessUsersGetTwoConnectionsEachAndCannotLockTheOperatorOut() throws {
        let daemon = try DaemonHarness(extraConfig: Self.access + "\n[Limits]\nMaxConnections=40\n")
        chmod(daemon.directory, 0o755)
        try daemon.start()

        var peers: [ForeignPeer] = []
        defer { for peer in peers { peer.stop() } }
        for uid: UInt32 in [5551, 5552, 5553] {
            let peer = try ForeignPeer.holdConnections(daemon, uid: uid, count: 16)
            peers.append(peer)
            let answers = peer.waitForLines(16)
            XCTAssertEqual(answers.filter { $0.contains(#""pong":true"#) }.count, 2, "uid \(uid): \(answers)")
            let refusals = answers.filter { $0.contains(#""id":null"#) }
            XCTAssertEqual(refusals.count, 14, "uid \(uid): \(answers)")
            XCTAssertTrue(
                refusals.allSatisfy { $0.contains("uid \(uid) has no role in [Access]: at most 2 connections") }, "\(refusals)")
        }

        let operatorStatus = try daemon.gridctl(["--json", "status"], uid: 4444)
        XCTAssertEqual(operatorStatus.status, 0, "the operator is not locked out: \(operatorStatus.stderr)")
        let status = try XCTUnwrap(try JSONParser.parse(operatorStatus.stdout).objectValue)
        let connections = try XCTUnwrap(status["connections"]?.objectValue)
        XCTAssertEqual(connections["refused"]?.objectValue?["no_role"], 42)
        XCTAssertEqual(connections["refused"]?.objectValue?["max_connections"], 0)
        XCTAssertEqual(connections["no_role_open"], 6)
        XCTAssertEqual(connections["reserved"], 8)
        XCTAssertTrue(waitUntil(seconds: 10) {
            daemon.dispatchLogText.contains("level=warning event=connection_refused reason=no_role uid=5551 limit=2")
        }, daemon.dispatchLogText)
        let refusalLines = daemon.dispatchLogText.split(separator: "\n").filter { $0.contains("reason=no_role uid=5551") }
        XCTAssertTrue((1..<14).contains(refusalLines.count), "refusals are logged rate-limited: \(refusalLines)")

        // All role-less peers together hold at most 16: five more users take the 10 left, the
        // next one is refused although it has none open.
        for uid: UInt32 in 5554...5558 {
            let peer = try ForeignPeer.holdConnections(daemon, uid: uid, count: 2)
            peers.append(peer)
            XCTAssertEqual(peer.waitForLines(2).filter { $0.contains(#""pong":true"#) }.count, 2, "uid \(uid)")
        }
        let late = try ForeignPeer.holdConnections(daemon, uid: 5559, count: 1)
        peers.append(late)
        let lateAnswer = late.waitForLines(1)
        XCTAssertTrue(
            lateAnswer.first?.contains("peers with no role in [Access] hold 16 connections (the most they may)") == true, "\(lateAnswer)")
        XCTAssertEqual(try daemon.gridctl(["status"], uid: 4444).status, 0)
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// A worker may open connections until only the reserved ones are left; an operator (and
    /// root) still gets one of those.
    func testWorkersCannotTakeTheConnectionsReservedForOperators() throws {
        let daemon = try DaemonHarness(extraConfig: Self.access + "\n[Limits]\nMaxConnections=20\nReservedConnections=5\n")
        chmod(daemon.directory, 0o755)
        try daemon.start()
        // One connection of root's, held; the harness's start-up pings are closed (and counted so).
        let admin = try daemon.connect()
        XCTAssertTrue(waitUntil(seconds: 10) {
            (try? admin.call("status").get().objectValue?["connections"]?.objectValue?["open"]?.intValue) == 1
        })

        let worker = try ForeignPeer.holdConnections(daemon, uid: 4242, count: 20)
        defer { worker.stop() }
        let answers = worker.waitForLines(20)
        XCTAssertEqual(answers.filter { $0.contains(#""pong":true"#) }.count, 14, "20 less the 5 reserved and root's: \(answers)")
        let refusals = answers.filter { $0.contains(#""id":null"#) }
        XCTAssertEqual(refusals.count, 6)
        XCTAssertTrue(
            refusals.allSatisfy { $0.contains("the last 5 of 20 connections are reserved for operators and admins") }, "\(refusals)")

        let operatorList = try daemon.gridctl(["list"], uid: 4444)
        XCTAssertEqual(operatorList.status, 0, operatorList.stderr)
        let status = try admin.call("status").get().objectValue?["connections"]?.objectValue
        XCTAssertEqual(status?["refused"]?.objectValue?["reserved"], 6)
        XCTAssertTrue(waitUntil(seconds: 10) {
            daemon.dispatchLogText.contains("event=connection_refused reason=reserved uid=4242 limit=15")
        }, daemon.dispatchLogText)
        XCTAssertEqual(daemon.stop(), 0)
    }
}
