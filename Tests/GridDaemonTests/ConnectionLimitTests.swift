import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// `MaxConnectionsPerUser=` refuses one uid's extra connections with a reason, leaves other uids
/// alone, and lets the uid in again once it closes one; running out of descriptors pauses
/// accepting (logged once) instead of spinning, and it resumes when descriptors free up.
final class ConnectionLimitTests: XCTestCase {
    func testPerUserLimitRefusesThatUidOnlyUntilItClosesAConnection() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Limits]
            MaxConnectionsPerUser=3
            [Access]
            Operator=#4242
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let uid = getuid()
        let refusal = "too many connections from uid \(uid) (limit 3)"

        var held = try Self.openAnswered(daemon, count: 3)
        let refused = try RawClient(path: daemon.socketPath)
        let line = try refused.readResponse()
        XCTAssertEqual(line["id"], .null)
        XCTAssertEqual(line["ok"], false)
        XCTAssertEqual(line["error"]?.objectValue?["code"], "unavailable")
        XCTAssertEqual(line["error"]?.objectValue?["message"], .string(refusal))
        XCTAssertTrue(refused.waitForEOF(), "the refused connection is closed after the reason")

        let cli = try daemon.gridctl(["status"])
        XCTAssertEqual(cli.status, 69, "refused at accept: daemon unavailable to this user")
        XCTAssertTrue(cli.stderr.contains("gridd refused the connection: \(refusal)"), cli.stderr)

        let otherUser = try daemon.gridctl(["--json", "list"], uid: 4242)
        XCTAssertEqual(otherUser.status, 0, "another uid is not limited by this one's connections: \(otherUser.stderr)")

        held.removeFirst()  // closes one connection: the uid may connect again
        var status: JSONObject?
        XCTAssertTrue(waitUntil(seconds: 10) {
            status = try? GridConnection(path: daemon.socketPath).call("status").get().objectValue
            return status != nil
        }, "uid \(uid) connects again once one of its connections is closed")
        let connections = try XCTUnwrap(status?["connections"]?.objectValue)
        XCTAssertEqual(connections["open"], 3, "two held, and this one")
        XCTAssertEqual(connections["busiest_peer"], 3)
        XCTAssertEqual(connections["max_per_user"], 3)
        let refusedCounts = try XCTUnwrap(connections["refused"]?.objectValue)
        XCTAssertGreaterThanOrEqual(refusedCounts["per_user_limit"]?.intValue ?? 0, 2)
        XCTAssertEqual(refusedCounts["max_connections"], 0)
        XCTAssertTrue(waitUntil(seconds: 10) {
            daemon.dispatchLogText.contains("level=warning event=connection_refused reason=per_user_limit uid=\(uid) limit=3 open=3")
        }, daemon.dispatchLogText)
        withExtendedLifetime(held) {}
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testRunningOutOfDescriptorsPausesAcceptingOnceAndItResumes() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let pid = try XCTUnwrap(daemon.process?.processIdentifier)
        XCTAssertTrue(daemon.dispatchLogText.contains("event=open_file_limit "), daemon.dispatchLogText)
        // Leave the daemon room for two more descriptors by lowering its soft limit from outside
        // (new descriptors take the lowest free numbers; the hard limit stays, so it can go back).
        let inUse = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
        XCTAssertEqual(try Self.run("/usr/bin/prlimit", ["--pid", String(pid), "--nofile=\(inUse + 2):"]), 0)

        // Connections beyond the limit wait in the listen backlog; their requests are queued.
        var clients: [RawClient] = []
        for index in 0..<12 {
            let client = try RawClient(path: daemon.socketPath)
            try client.send(#"{"id":\#(index),"op":"ping"}"# + "\n")
            clients.append(client)
        }
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.dispatchLogText.contains("event=accept_paused") }, daemon.dispatchLogText)
        // Answered while the others wait: the first ones, which got descriptors.
        let first = try clients[0].readResponse()
        XCTAssertEqual(first["ok"], true, "\(first)")

        // Free the descriptors: every waiting client is accepted and answered.
        XCTAssertEqual(try Self.run("/usr/bin/prlimit", ["--pid", String(pid), "--nofile=4096:"]), 0)
        for (index, client) in clients.enumerated().dropFirst() {
            let response = try client.readResponse(seconds: 30)
            XCTAssertEqual(response["id"]?.intValue, Int64(index))
            XCTAssertEqual(response["ok"], true, "\(response)")
        }
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.dispatchLogText.contains("event=accept_resumed") }, daemon.dispatchLogText)
        let log = daemon.dispatchLogText
        XCTAssertEqual(log.components(separatedBy: "event=accept_paused").count - 1, 1, "logged once per episode, not per retry:\n\(log)")
        XCTAssertTrue(log.contains("errno 24"), "EMFILE is named: \(log)")
        let status = try daemon.connect().call("status").get()
        XCTAssertGreaterThanOrEqual(status.objectValue?["connections"]?.objectValue?["accept_failures"]?.intValue ?? 0, 1)
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// Opens `count` connections that each answered a ping. A connection closed just before may
    /// still count for its uid for a moment, so a refused one is retried (bounded).
    static func openAnswered(_ daemon: DaemonHarness, count: Int) throws -> [RawClient] {
        var clients: [RawClient] = []
        var failure: Error?
        let opened = waitUntil(seconds: 10) {
            do {
                while clients.count < count {
                    let client = try RawClient(path: daemon.socketPath)
                    try client.send(#"{"id":1,"op":"ping"}"# + "\n")
                    guard try client.readResponse()["ok"] == true else { return false }
                    clients.append(client)
                }
                return true
            } catch {
                failure = error
                return false
            }
        }
        XCTAssertTrue(opened, "could not open \(count) connections: \(String(describing: failure))")
        return clients
    }

    /// Runs a program to completion (it execs nothing else) and returns its exit status.
    static func run(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
