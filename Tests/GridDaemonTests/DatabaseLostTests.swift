import Foundation
import GridClient
import GridCore
import XCTest

/// The database file deleted or replaced while gridd runs: from the next commit batch (or the
/// next `status`) on, nothing more is acknowledged (`unavailable`), status shows the alarm, the
/// log has one `event=database_lost` at level error, systemd's STATUS= says so; and the next
/// start refuses to create a fresh database where traces say one existed. Before: submits were
/// answered ok into the unlinked file, and the next start created an empty database.
final class DatabaseLostTests: XCTestCase {
    private func submit(_ daemon: DaemonHarness, key: String) throws -> Result<JSONValue, GridError> {
        try daemon.connect().call("submit", ["report": .object(SuitePolicy.report(key: key))]).result
    }

    private func storeStatus(_ daemon: DaemonHarness) throws -> JSONObject {
        let status = try daemon.connect().call("status").result.get()
        return try XCTUnwrap(status.objectValue?["store"]?.objectValue)
    }

    func testADeletedDatabaseStopsAcknowledgingAndBlocksAFreshStart() throws {
        let daemon = try DaemonHarness()
        let receiver = try NotifyReceiver(directory: daemon.directory)
        try daemon.launch(environment: ["NOTIFY_SOCKET": receiver.path])
        XCTAssertNotNil(receiver.waitFor(containing: "READY=1"), "no READY=1; stderr:\n\(daemon.stderrText)")
        XCTAssertNoThrow(try submit(daemon, key: "before").get())
        XCTAssertEqual(try storeStatus(daemon)["database_lost"], .null)

        XCTAssertEqual(unlink(daemon.databasePath), 0)
        for key in ["after-1", "after-2"] {
            guard case .failure(let error) = try submit(daemon, key: key) else {
                return XCTFail("a report was acknowledged into a deleted database")
            }
            XCTAssertEqual(error.code, .unavailable)
            XCTAssertTrue(error.message.contains("deleted or replaced"), error.message)
        }
        let lost = try XCTUnwrap(try storeStatus(daemon)["database_lost"]?.stringValue, "no alarm in status")
        XCTAssertTrue(lost.contains("deleted"), lost)
        let status = try daemon.gridctl(["status"])
        XCTAssertTrue(status.stdout.contains("database_lost"), status.stdout)
        XCTAssertNotNil(
            receiver.waitFor { $0.contains { $0.hasPrefix("STATUS=") && $0.contains("DATABASE LOST") } }, receiver.transcript)
        let log = daemon.dispatchLogText
        XCTAssertEqual(log.components(separatedBy: "event=database_lost").count - 1, 1, log)
        XCTAssertTrue(log.contains("level=error event=database_lost"), log)

        daemon.signal(SIGTERM)
        XCTAssertTrue(waitUntil(seconds: 30) { !(daemon.process?.isRunning ?? false) })
        let refused = try daemon.launchExpectingRefusal()
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("gridd: not started"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("does not exist, but"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains(daemon.databasePath + ".identity"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("to start with an empty database on purpose"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: daemon.databasePath), "a fresh database was created")

        // After a crash, the write-ahead log is a trace too (and it is kept for the operator).
        XCTAssertEqual(unlink(daemon.databasePath + ".identity"), 0)
        _ = FileManager.default.createFile(atPath: daemon.databasePath + "-wal", contents: Data([1, 2, 3]))
        let again = try daemon.launchExpectingRefusal()
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains(daemon.databasePath + "-wal"), again.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: daemon.databasePath))

        // Moving the traces it names aside is the deliberate fresh start.
        for suffix in ["-wal", "-shm", ".identity", ".clean-shutdown"] where again.stderr.contains(daemon.databasePath + suffix) {
            XCTAssertEqual(unlink(daemon.databasePath + suffix), 0, suffix)
        }
        try daemon.start()
        XCTAssertNoThrow(try submit(daemon, key: "fresh").get())
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testADatabaseReplacedByAnotherFileIsDetected() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        XCTAssertNoThrow(try submit(daemon, key: "before").get())
        // Another database (a copy: another inode) moved over the open one.
        let other = daemon.directory + "/other.sqlite"
        XCTAssertNoThrow(try FileManager.default.copyItem(atPath: daemon.databasePath, toPath: other))
        XCTAssertEqual(rename(other, daemon.databasePath), 0)

        // status notices it before any write does.
        let lost = try XCTUnwrap(try storeStatus(daemon)["database_lost"]?.stringValue, "no alarm in status")
        XCTAssertTrue(lost.contains("replaced"), lost)
        guard case .failure(let error) = try submit(daemon, key: "after") else {
            return XCTFail("a report was acknowledged into a replaced database")
        }
        XCTAssertEqual(error.code, .unavailable)
        XCTAssertTrue(error.message.contains("deleted or replaced"), error.message)
        XCTAssertTrue(daemon.dispatchLogText.contains("level=error event=database_lost"), daemon.dispatchLogText)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents WHERE key = 'after'"), ["0"], "written into the other file")
    }
}
