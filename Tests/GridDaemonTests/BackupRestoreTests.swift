import Foundation
import GridClient
import GridCore
import Synchronization
import XCTest

/// `gridctl backup` against the real daemon while reports arrive, and `gridd --restore` with the
/// daemon running (refused) and stopped (the backup comes back, the daemon starts on it).
final class BackupRestoreTests: XCTestCase {
    /// Reports go on being acknowledged while gridctl copies the database, and the copy is a
    /// consistent snapshot: incidents 1…k with nothing missing and each with its event, k at least
    /// every report acknowledged before the backup started. The copy has the database's mode.
    func testBackupWhileReportsArriveIsAConsistentSnapshot() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let submitter = Submitter(socketPath: daemon.socketPath)
        submitter.start()
        defer { submitter.stop() }
        XCTAssertTrue(waitUntil(seconds: 30) { submitter.acknowledged >= 30 || submitter.failure != nil })
        let acknowledgedBefore = submitter.acknowledged

        let backup = daemon.directory + "/backup.sqlite"
        let result = try daemon.gridctl(["backup", backup])
        XCTAssertEqual(result.status, 0, result.stderr)
        let acknowledgedAfter = submitter.acknowledged
        XCTAssertTrue(waitUntil(seconds: 30) { submitter.acknowledged >= acknowledgedAfter + 30 || submitter.failure != nil },
            "intake stopped after the backup")
        submitter.stop()
        XCTAssertNil(submitter.failure)

        let ids = try daemon.sqlite("SELECT id FROM incidents ORDER BY id", database: backup).compactMap { Int($0) }
        let count = ids.count
        XCTAssertGreaterThanOrEqual(count, acknowledgedBefore, "an acknowledged report is missing from the backup")
        XCTAssertLessThanOrEqual(count, submitter.acknowledged)
        XCTAssertEqual(ids, count > 0 ? Array(1...count) : [], "the copy has a gap")
        XCTAssertEqual(try daemon.sqlite(
            "SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id)",
            database: backup), ["0"])
        XCTAssertEqual(try daemon.sqlite("PRAGMA integrity_check", database: backup), ["ok"])
        XCTAssertEqual(try daemon.sqlite("PRAGMA journal_mode", database: backup), ["delete"])
        XCTAssertTrue(result.stdout.contains("written to \(backup)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("holds     \(count) incidents"), result.stdout)
        XCTAssertEqual(try permissions(backup), 0o640)
        XCTAssertEqual(try daemon.gridctl(["status"]).status, 0, "the daemon is still serving")
    }

    /// An operator in the database's group may take a backup (read access is all it needs); a user
    /// outside it gets exit 1 and no file; without a daemon, `--database` names the database.
    func testBackupByAnOperatorAndWithoutTheDaemon() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006"]).status, 0)
        // The state directory as under systemd: traversable; the database files in the operators' group.
        XCTAssertEqual(chmod(daemon.directory, 0o711), 0)
        for suffix in ["", "-wal", "-shm"] { XCTAssertEqual(chown(daemon.databasePath + suffix, 0, 4343), 0) }
        let outbox = daemon.directory + "/operator"
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: false)
        XCTAssertEqual(chown(outbox, 4242, 4242), 0)

        let mine = outbox + "/mine.sqlite"
        let operatorRun = try daemon.gridctl(["backup", mine, "--database", daemon.databasePath], uid: 4242, groups: [4343])
        XCTAssertEqual(operatorRun.status, 0, operatorRun.stderr)
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents", database: mine), ["1"])
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: mine)[.ownerAccountID] as? Int, 4242)
        XCTAssertEqual(try permissions(mine), 0o640)

        let refused = try daemon.gridctl(["backup", outbox + "/not.sqlite", "--database", daemon.databasePath], uid: 4242)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("backup of \(daemon.databasePath) failed"), refused.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outbox), ["mine.sqlite"])

        XCTAssertEqual(daemon.stop(), 0)
        let unavailable = try daemon.gridctl(["backup", daemon.directory + "/b.sqlite"])
        XCTAssertEqual(unavailable.status, 69, unavailable.stderr)
        let offline = try daemon.gridctl(["--json", "backup", daemon.directory + "/b.sqlite", "--database", daemon.databasePath])
        XCTAssertEqual(offline.status, 0, offline.stderr)
        let summary = try XCTUnwrap(try JSONParser.parse(offline.stdout.trimmingCharacters(in: .newlines)).objectValue)
        XCTAssertEqual(summary["incidents"], .int(1))
        XCTAssertEqual(summary["mode"], .string("0640"))
        XCTAssertEqual(try daemon.gridctl(["backup"]).status, 2)
    }

    /// While gridd runs, `gridd --restore` changes nothing and says which process has the
    /// database open. Stopped, it puts the backup in place and keeps the newer database aside;
    /// gridd starts on the backup's incidents and numbers new ones after them.
    func testRestoreIsRefusedWhileRunningAndBringsTheBackupBackWhenStopped() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for _ in 0..<3 { XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006"]).status, 0) }
        let backup = daemon.directory + "/backup.sqlite"
        XCTAssertEqual(try daemon.gridctl(["backup", backup]).status, 0)
        for _ in 0..<2 { XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0601", "--cell", "320508002002003"]).status, 0) }

        let refused = try runGridd(daemon, ["--restore", backup])
        XCTAssertEqual(refused.status, 1)
        let pid = try XCTUnwrap(daemon.process?.processIdentifier)
        XCTAssertTrue(refused.stderr.contains("is open in process \(pid)"), refused.stderr)
        XCTAssertEqual(try daemon.gridctl(["--json", "list"]).stdout.split(separator: "\n").count, 5)
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006"]).status, 0, "still writing")

        XCTAssertEqual(daemon.stop(), 0)
        let restored = try runGridd(daemon, ["--restore", backup])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertTrue(restored.stdout.contains("holds     3 incidents"), restored.stdout)
        let aside = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: daemon.directory).first { $0.hasPrefix("gridd.sqlite.before-restore-") })
        XCTAssertTrue(aside.hasSuffix("+0800"), "named in the city's local time with its offset: \(aside)")
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents", database: daemon.directory + "/" + aside), ["6"])
        XCTAssertEqual(try permissions(daemon.databasePath), 0o640)

        try daemon.start()
        XCTAssertEqual(try daemon.gridctl(["--json", "list"]).stdout.split(separator: "\n").count, 3)
        let next = try daemon.gridctl(["--json", "submit", "--category", "0102", "--cell", "320506002001006"])
        XCTAssertEqual(try JSONParser.parse(next.stdout.trimmingCharacters(in: .newlines)).objectValue?["id"], .int(4))
        XCTAssertTrue(daemon.dispatchLogText.contains("integrity_check=quick_check"), "the restored database is checked at start")
    }

    private func permissions(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// Runs the real gridd binary with the harness's config and state directory.
    private func runGridd(_ daemon: DaemonHarness, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("gridd")
        process.arguments = arguments + ["--config", daemon.configPath, "--state-dir", daemon.directory]
        return try DaemonHarness.runToEnd(process)
    }
}

/// Submits reports one after another on one connection until stopped, counting acknowledgements.
private final class Submitter: Sendable {
    private let socketPath: String
    private let state = Mutex((acknowledged: 0, failure: String?.none, stopping: false))
    private let finished = DispatchSemaphore(value: 0)

    init(socketPath: String) { self.socketPath = socketPath }

    var acknowledged: Int { state.withLock { $0.acknowledged } }
    var failure: String? { state.withLock { $0.failure } }

    func start() {
        Thread { [self] in
            defer { finished.signal() }
            do {
                let connection = try GridConnection(path: socketPath)
                while !state.withLock({ $0.stopping }) {
                    _ = try connection.call("submit", ["report": ["category": "0102", "cell": "320506002001006", "title": "楼道堆放垃圾"]]).get()
                    state.withLock { $0.acknowledged += 1 }
                }
            } catch {
                state.withLock { $0.failure = "\(error)" }
            }
        }.start()
    }

    /// Stops and waits for the last report in flight (idempotent).
    func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first { _ = finished.wait(timeout: .now() + 30) }
    }
}
