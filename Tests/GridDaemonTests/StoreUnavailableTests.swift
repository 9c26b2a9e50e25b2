import CSQLite
import Foundation
import GridClient
import GridCore
import GridDaemon
import GridStore
import XCTest

/// Socket intake while the database refuses writes for a while: read-only (the fault switch's
/// SQLITE_READONLY), or locked by an operator's `sqlite3` shell holding a write transaction.
/// Submits wait for the lock up to the busy timeout (5 s), then are refused as `unavailable`;
/// nothing acknowledged is lost, spool files stay in new/ until they are committed, the daemon
/// stays up, and everything goes through once the store writes again.
final class StoreUnavailableTests: XCTestCase {
    func testAReadOnlyStoreRefusesIntakeAsUnavailableAndRecovers() throws {
        let daemon = try DaemonHarness()
        let faultFile = daemon.directory + "/fault"
        try daemon.start(environment: [StoreFaultSwitch.environmentVariable: faultFile])
        let connection = try daemon.connect()
        _ = try connection.call("submit", ["report": .object(SuitePolicy.report(key: "before"))]).get()

        try "readonly".write(toFile: faultFile, atomically: true, encoding: .utf8)
        let refused = try connection.call("submit", ["report": .object(SuitePolicy.report(key: "during"))])
        guard case .failure(let error) = refused.result else { return XCTFail("stored on a read-only store: \(refused)") }
        XCTAssertEqual(error.code, .unavailable)
        XCTAssertTrue(error.message.contains("SQLITE_READONLY"), error.message)
        let viaGridctl = try daemon.gridctl(["submit", "--category", SuitePolicy.category, "--cell", SuitePolicy.cell])
        XCTAssertEqual(viaGridctl.status, 1)
        XCTAssertTrue(viaGridctl.stderr.contains("unavailable"), viaGridctl.stderr)
        XCTAssertNotNil(try? connection.call("ping").get(), "the daemon stays up")
        XCTAssertTrue(daemon.dispatchLogText.contains("event=store_failed"))

        unlink(faultFile)
        let retried = try connection.call("submit", ["report": .object(SuitePolicy.report(key: "during"))]).get()
        XCTAssertEqual(retried.objectValue?["created"], true, "nothing was stored by the refused submit")
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("SELECT key FROM incidents ORDER BY id"), ["before", "during"])
    }

    func testALockShorterThanTheBusyTimeoutOnlyDelaysASubmit() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let lock = try ExternalWriteLock(database: daemon.databasePath)
        let done = StopFlag()
        let answer = Answer()
        DispatchQueue.global().async {
            answer.set(try? daemon.connect().call("submit", ["report": .object(SuitePolicy.report(key: "waited"))]).get())
            done.set()
        }
        sleepRealSeconds(1)  // the lock is held while real time passes: the submit waits for it
        XCTAssertFalse(done.isSet, "the submit went through a held write lock")
        lock.release()
        XCTAssertTrue(waitUntil(seconds: 10) { done.isSet })
        XCTAssertEqual(answer.value?.objectValue?["created"], true)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("SELECT key FROM incidents"), ["waited"])
    }

    func testALockLongerThanTheBusyTimeoutRefusesThenEverythingGoesThrough() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let connection = try daemon.connect()
        _ = try connection.call("submit", ["report": .object(SuitePolicy.report(key: "before"))]).get()
        let lock = try ExternalWriteLock(database: daemon.databasePath)
        for index in 0..<5 { try daemon.spool("locked-\(index).json", SpoolIntakeTests.report()) }
        let refused = try connection.call("submit", ["report": .object(SuitePolicy.report(key: "during"))])
        guard case .failure(let error) = refused.result else { return XCTFail("stored through a held lock: \(refused)") }
        XCTAssertEqual(error.code, .unavailable)
        XCTAssertTrue(error.message.contains("SQLITE_BUSY"), error.message)
        XCTAssertTrue(waitUntil(seconds: 30) { (try? daemon.spoolStatus()["state"]?.stringValue) == "paused" }, daemon.dispatchLogText)
        XCTAssertEqual(daemon.spoolNames("new").count, 5, "the files stay until they are committed")
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertNotNil(try? connection.call("ping").get(), "the daemon stays up")

        lock.release()
        XCTAssertTrue(waitUntil(seconds: 60) { daemon.spoolNames("new").isEmpty }, daemon.dispatchLogText)
        let retried = try connection.call("submit", ["report": .object(SuitePolicy.report(key: "during"))]).get()
        XCTAssertEqual(retried.objectValue?["created"], true)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("SELECT count(*), count(DISTINCT key) FROM incidents"), ["7|7"])
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents WHERE key IN ('before', 'during')"), ["2"])
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
    }
}

/// The `sqlite3` shell holding `BEGIN IMMEDIATE` on a database (its standard input stays open)
/// until `release()`: another process's write lock, as an operator's shell would hold it.
final class ExternalWriteLock {
    private let process = Process()
    private let input = Pipe()

    /// Returns once the lock is held (a probe connection finds the database busy).
    init(database: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The shell waits for the probe below if it takes the lock first, rather than failing.
        input.fileHandleForWriting.write(Data(".timeout 10000\nBEGIN IMMEDIATE;\n".utf8))
        let held = waitUntil(seconds: 10) {
            guard let probe = try? Connection(path: database, flags: SQLITE_OPEN_READWRITE, busyTimeoutMilliseconds: 0) else { return false }
            defer { probe.close() }
            do {
                try probe.execute("BEGIN IMMEDIATE")
                try? probe.execute("ROLLBACK")
                return false
            } catch {
                return (error as? SQLiteError)?.code == SQLITE_BUSY
            }
        }
        XCTAssertTrue(held, "sqlite3 did not take the write lock")
    }

    /// Commits (nothing was written) and ends the shell.
    func release() {
        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try? input.fileHandleForWriting.close()
        _ = waitUntil(seconds: 10) { !process.isRunning }
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// A response set on another thread.
final class Answer: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: JSONValue?

    func set(_ value: JSONValue?) { lock.withLock { stored = value } }
    var value: JSONValue? { lock.withLock { stored } }
}
