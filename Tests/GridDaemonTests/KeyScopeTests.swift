import Foundation
import GridClient
import GridCore
import XCTest

/// Idempotency keys belong to their submitter (the socket peer's uid, or the spool file's owner):
/// another user's key never answers with that user's incident, and a key reused by its own
/// submitter for different content is refused with `key_conflict`, never answered with the old
/// incident. The same report sent again is still answered with the stored incident.
final class KeyScopeTests: XCTestCase {
    static let workerA = UInt32(4601)
    static let workerB = UInt32(4602)
    static let access = """
        [Daemon]
        SocketMode=0666
        [Access]
        Worker=#4601 320506002
        Worker=#4602 320506002
        """

    private func submit(_ daemon: DaemonHarness, key: String, title: String, phone: String, uid: UInt32) throws
        -> (status: Int32, incident: JSONObject?, stderr: String)
    {
        let result = try daemon.gridctl(
            ["--json", "submit", "--category", "0102", "--cell", "320506002001006", "--key", key, "--title", title,
             "--reporter-phone", phone], uid: uid)
        let incident = result.status == 0 ? try JSONParser.parse(result.stdout).objectValue : nil
        return (result.status, incident, result.stderr)
    }

    func testAnotherUsersKeyGetsItsOwnIncidentNotTheirs() throws {
        let daemon = try DaemonHarness(extraConfig: Self.access)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let first = try submit(daemon, key: "device-7#1", title: "A 的报告", phone: "13800000001", uid: Self.workerA)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.incident?["created"], true)

        let second = try submit(daemon, key: "device-7#1", title: "B 的报告", phone: "13900000002", uid: Self.workerB)
        XCTAssertEqual(second.status, 0, second.stderr)
        let incident = try XCTUnwrap(second.incident)
        XCTAssertEqual(incident["created"], true, "B's report was answered with A's incident: \(incident)")
        XCTAssertNotEqual(incident["id"], first.incident?["id"])
        XCTAssertEqual(incident["title"]?.stringValue, "B 的报告")
        XCTAssertFalse(second.incident.map { JSONValue.object($0).serialized() }?.contains("13800000001") ?? true,
            "A's reporter reached B")
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(
            try daemon.sqlite("SELECT key || '|' || created_uid || '|' || title FROM incidents ORDER BY id"),
            ["device-7#1|4601|A 的报告", "device-7#1|4602|B 的报告"])
    }

    func testTheSameKeyWithOtherContentIsAConflictAndTheSameReportIsIdempotent() throws {
        let daemon = try DaemonHarness(extraConfig: Self.access)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let first = try submit(daemon, key: "k-1", title: "第一份", phone: "13800000001", uid: Self.workerA)
        XCTAssertEqual(first.status, 0, first.stderr)
        let id = try XCTUnwrap(first.incident?["id"]?.intValue)

        // The same report again (a retry): the stored incident, nothing new.
        let retry = try submit(daemon, key: "k-1", title: "第一份", phone: "13800000001", uid: Self.workerA)
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssertEqual(retry.incident?["created"], false)
        XCTAssertEqual(retry.incident?["id"]?.intValue, id)

        // The same key for a different report: refused, exit 1, with a clear reason.
        let conflict = try submit(daemon, key: "k-1", title: "第二份", phone: "13800000001", uid: Self.workerA)
        XCTAssertEqual(conflict.status, 1, conflict.stderr)
        XCTAssertTrue(conflict.stderr.contains("key_conflict"), conflict.stderr)
        XCTAssertTrue(conflict.stderr.contains("k-1") && conflict.stderr.contains("different content"), conflict.stderr)

        // On the wire (as root, another submitter: "k-1" is a new key for it): the error code, no incident.
        let connection = try daemon.connect()
        for (title, created) in [("第三份", true), ("第三份", false)] {
            let answer = try connection.call(
                "submit", ["report": ["category": "0102", "cell": "320506002001006", "key": "k-1", "title": .string(title)]])
            XCTAssertEqual(try answer.result.get()["created"]?.boolValue, created)
        }
        let wire = try connection.call(
            "submit", ["report": ["category": "0102", "cell": "320506002001006", "key": "k-1", "title": "第四份"]])
        guard case .failure(let error) = wire.result else { return XCTFail("a conflicting report was answered ok") }
        XCTAssertEqual(error.code, .keyConflict)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("SELECT title || '|' || created_uid FROM incidents ORDER BY id"), ["第一份|4601", "第三份|0"])
        XCTAssertTrue(daemon.dispatchLogText.contains("code=key_conflict"), daemon.dispatchLogText)
    }

    /// A spooled report's key is its file owner's: a key a socket user already used does not
    /// swallow it (before: dropped as a duplicate of the other user's incident).
    func testASpooledReportIsScopedToItsFileOwner() throws {
        let daemon = try DaemonHarness(extraConfig: Self.access)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let first = try submit(daemon, key: "shared#1", title: "socket", phone: "13800000001", uid: Self.workerA)
        XCTAssertEqual(first.status, 0, first.stderr)
        let tmp = daemon.spoolDirectory + "/tmp/b.json"
        try #"{"key":"shared#1","category":"0102","cell":"320506002001006","title":"spool"}"#
            .write(toFile: tmp, atomically: false, encoding: .utf8)
        XCTAssertEqual(chown(tmp, Self.workerB, Self.workerB), 0)
        XCTAssertEqual(rename(tmp, daemon.spoolDirectory + "/new/b.json"), 0)
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty }, daemon.dispatchLogText)
        XCTAssertTrue(waitUntil(seconds: 10) {
            (try? daemon.sqlite("SELECT key || '|' || created_uid || '|' || title FROM incidents ORDER BY id"))
                == ["shared#1|4601|socket", "shared#1|4602|spool"]
        }, (try? daemon.sqlite("SELECT * FROM incidents").joined(separator: "\n")) ?? "-")
        XCTAssertEqual(daemon.stop(), 0)
    }
}
