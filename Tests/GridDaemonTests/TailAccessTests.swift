import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// A following `tail` is held to the access that let it start: when a reload changes what
/// `[Access]` grants its peer (the role removed, or a worker bound elsewhere), the stream ends
/// with `end: access_changed` and gridctl says so; followers whose access is the same go on.
final class TailAccessTests: XCTestCase {
    func testAReloadThatChangesAFollowersAccessEndsItsTail() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Worker=#4242 320506002
            Worker=#4343 320506002
            Operator=#4444
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        let removed = try Self.follow(daemon, uid: 4242)
        let moved = try Self.follow(daemon, uid: 4343)
        let unchanged = try Self.follow(daemon, uid: 4444)
        XCTAssertTrue(waitUntil(seconds: 30) { (try? TailTests.tailStatus(daemon)["subscribers"]) == 3 }, "three followers")

        try daemon.rewriteConfig(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Worker=#4343 320508002
            Operator=#4444
            """)
        daemon.signal(SIGHUP)
        for (uid, follower) in [(4242, removed), (4343, moved)] {
            XCTAssertEqual(follower.process.waitForExit(seconds: 30), 1, "uid \(uid)'s tail ends, as a refusal")
            let stderr = follower.errors
            XCTAssertTrue(stderr.contains("gridctl: your access to the log changed (gridd reloaded [Access]); the stream ended"), stderr)
            XCTAssertTrue(
                daemon.dispatchLogText.contains("event=tail_ended reason=access_changed uid=\(uid)"), daemon.dispatchLogText)
        }
        XCTAssertTrue(daemon.dispatchLogText.contains("event=reloaded"))
        XCTAssertFalse(unchanged.process.hasExited, "the operator's access did not change: \(unchanged.errors)")
        XCTAssertEqual(try TailTests.tailStatus(daemon)["subscribers"], 1)

        // The operator still follows: a new event reaches it.
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", TailTests.linjiangCell]).status, 0)
        XCTAssertTrue(waitUntil(seconds: 30) { unchanged.output.contains("event=dispatched id=1 ") }, unchanged.output)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(unchanged.process.waitForExit(seconds: 30), 0)
    }

    /// `gridctl tail -f -n 0` run as `uid` in the background, its output in files.
    struct Follower {
        let process: SpawnedProcess
        let stdoutPath: String
        let stderrPath: String

        var output: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        var errors: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
    }

    static func follow(_ daemon: DaemonHarness, uid: UInt32) throws -> Follower {
        let stdoutPath = daemon.directory + "/tail-\(uid).out", stderrPath = daemon.directory + "/tail-\(uid).err"
        let gridctl = DaemonHarness.productsDirectory.appendingPathComponent("gridctl").path
        let process = try SpawnedProcess(
            arguments: [
                "/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", gridctl, "--socket", daemon.socketPath,
                "tail", "-f", "-n", "0",
            ],
            environment: ProcessInfo.processInfo.environment, stderrPath: stderrPath, stdoutPath: stdoutPath)
        return Follower(process: process, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }
}
