import Foundation
import GridClient
import GridCore
@testable import GridDaemon
import GridSystem
import Synchronization
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
            XCTAssertTrue(waitUntil(seconds: 10) {
                daemon.dispatchLogText.contains("event=tail_ended reason=access_changed uid=\(uid)")
            }, daemon.dispatchLogText)
        }
        XCTAssertFalse(unchanged.process.hasExited, "the operator's access did not change: \(unchanged.errors)")
        XCTAssertEqual(try TailTests.tailStatus(daemon)["subscribers"], 1)

        // The operator still follows: a new event reaches it.
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", TailTests.linjiangCell]).status, 0)
        XCTAssertTrue(waitUntil(seconds: 30) { unchanged.output.contains("event=dispatched id=1 ") }, unchanged.output)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(unchanged.process.waitForExit(seconds: 30), 0)
    }

    /// Without a daemon: ending a follower drops what it had queued, wakes its waiting reader,
    /// and its stream's next records are the `access_changed` end; the follower the predicate
    /// spares goes on, and lines logged afterwards reach only it.
    func testEndingAFollowerWakesItsStreamToAnAccessChangedEnd() throws {
        let broadcaster = LogBroadcaster(settings: .init(backlog: 10, queue: 10))
        let worker = Actor(uid: 4242), operatorPeer = Actor(uid: 4444)
        let stream = TailStream(
            requestID: 7, broadcaster: broadcaster,
            subscription: broadcaster.subscribe(TailFilter(TailQuery()), backlog: 0, follow: true, peer: worker)
        ) { _, _ in }
        let woken = Atomic<Int>(0)
        stream.attach(wake: { _ = woken.add(1, ordering: .relaxed) })
        let other = try XCTUnwrap(broadcaster.subscribe(TailFilter(TailQuery()), backlog: 0, follow: true, peer: operatorPeer).id)
        XCTAssertEqual(try TailBroadcasterTests.records(stream.next(maxBytes: 1 << 20)).count, 1, "the header; the reader waits")
        broadcaster.publish(TailBroadcasterTests.line(1), timestamp: "t1")
        XCTAssertEqual(woken.load(ordering: .relaxed), 1)

        let ended = broadcaster.endFollowers(reason: .accessChanged) { _, peer in peer?.uid == 4242 }
        XCTAssertEqual(ended.map { $0?.uid }, [4242])
        broadcaster.publish(TailBroadcasterTests.line(2), timestamp: "t2")
        let records = try TailBroadcasterTests.records(stream.next(maxBytes: 1 << 20))
        XCTAssertEqual(records.count, 1, "the queued line is dropped, only the end is sent: \(records)")
        XCTAssertEqual(records.first?["id"], 7)
        XCTAssertEqual(records.first?["ok"], true)
        XCTAssertEqual(records.first?["end"], "access_changed")
        XCTAssertEqual(TailBroadcasterTests.describe(broadcaster.take(other, max: 10, wake: {})), ["1", "2"])
        XCTAssertEqual(broadcaster.snapshot().subscribers, 1, "the ended follower unsubscribed")
        XCTAssertEqual(broadcaster.endFollowers(reason: .accessChanged) { _, _ in false }.count, 0)
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
