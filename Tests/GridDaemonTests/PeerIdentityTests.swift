import Foundation
import GridClient
import GridCore
import GridStore
import GridSystem
import XCTest

/// The peer's identity comes from the socket alone: uid and gid from SO_PEERCRED and the
/// supplementary groups from SO_PEERGROUPS, all taken by the kernel when the peer connected —
/// never from /proc/PID of a pid that may have exited, or been reused, by the time gridd looks.
final class PeerIdentityTests: XCTestCase {
    /// A socketpair(2) made here: its peer is this process, whose credentials are known.
    func testPeerCredentialsAndGroupsOfASocketPairAreThisProcesss() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds), 0)
        let (a, b) = (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
        defer {
            a.close()
            b.close()
        }
        let credentials = try UnixSocket.peerCredentials(a)
        XCTAssertEqual(credentials.uid, geteuid())
        XCTAssertEqual(credentials.gid, getegid())
        XCTAssertEqual(credentials.pid, getpid())
        var own = [gid_t](repeating: 0, count: Int(getgroups(0, nil)))
        XCTAssertEqual(getgroups(Int32(own.count), &own), Int32(own.count))
        XCTAssertEqual(try UnixSocket.peerGroups(a).sorted(), own.sorted())
        XCTAssertEqual(try UnixSocket.peerGroups(b, initialCapacity: 1).sorted(), own.sorted(), "the buffer grows as the kernel asks")
    }

    /// Another process, run as uid 4242 with 100 supplementary groups (more than the first
    /// buffer holds), connects to a socket of the test's: the kernel's record of it is exact.
    func testPeerGroupsOfAnotherProcessAreAllOfItsGroups() throws {
        var template = Array("/tmp/gridd-peer-XXXXXX".utf8CString)
        let directory = String(cString: try XCTUnwrap(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        chmod(directory, 0o755)
        let path = directory + "/peer.sock"
        let listener = try UnixSocket.listen(path: path, mode: 0o666)
        defer { listener.close() }
        let groups = (0..<100).map { UInt32(7000 + $0 * 3) }
        let gridctl = DaemonHarness.productsDirectory.appendingPathComponent("gridctl").path
        let client = try SpawnedProcess(
            arguments: [
                "/usr/bin/setpriv", "--reuid=4242", "--regid=4343", "--groups=" + groups.map(String.init).joined(separator: ","),
                gridctl, "--socket", path, "status",
            ],
            environment: ProcessInfo.processInfo.environment, stderrPath: directory + "/client.err")
        var accepted: FileDescriptor?
        XCTAssertTrue(waitUntil(seconds: 30) {
            accepted = try? UnixSocket.accept(listener).value
            return accepted != nil
        }, "gridctl connects")
        let connection = try XCTUnwrap(accepted)
        let credentials = try UnixSocket.peerCredentials(connection)
        XCTAssertEqual(credentials.uid, 4242)
        XCTAssertEqual(credentials.gid, 4343)
        XCTAssertEqual(credentials.pid, client.pid)
        XCTAssertEqual(try UnixSocket.peerGroups(connection).sorted(), groups)
        connection.close()
        XCTAssertNotNil(client.waitForExit(seconds: 30), "gridctl gives up once the connection closes")
    }

    /// A group operator (`Operator=@#4545`) connects, writes a `note`, and the process that
    /// connected exits before gridd accepts (gridd is stopped meanwhile): the note is still the
    /// operator's. Read from /proc/PID/status, the groups were gone with the process and the
    /// note was refused as from a stranger.
    func testAGroupRoleComesFromTheSocketEvenWhenTheConnectingProcessIsGone() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Operator=@#4545
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let submitted = try daemon.connect().call(
            "submit", ["report": ["category": "0102", "cell": "320506002001006"]]).get()
        let id = try XCTUnwrap(submitted.objectValue?["id"]?.intValue)
        let pid = try XCTUnwrap(daemon.process?.processIdentifier)

        kill(pid, SIGSTOP)
        let peer: ForeignPeer
        do {
            defer { kill(pid, SIGCONT) }
            peer = try ForeignPeer.connectAndLeave(
                daemon, uid: 5555, groups: [4545], request: #"{"id":1,"op":"note","incident":\#(id),"note":"组内操作员"}"#)
            XCTAssertNotNil(peer.process.waitForExit(seconds: 30), "the connecting process exits before gridd runs again")
        }
        let answer = try XCTUnwrap(peer.waitForLines(1).first)
        let response = try XCTUnwrap(try JSONParser.parse(answer).objectValue, answer)
        XCTAssertEqual(response["ok"], true, "the group's role holds: \(answer)")

        XCTAssertEqual(daemon.stop(), 0)
        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        let events = try store.events(incidentID: id)
        XCTAssertEqual(events.map(\.kind), [.dispatched, .note])
        XCTAssertEqual(events.last?.actor.uid, 5555)
    }
}
