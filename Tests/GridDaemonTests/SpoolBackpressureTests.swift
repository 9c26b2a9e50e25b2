import Foundation
import GridClient
import GridCore
import GridDaemon
import GridSystem
import XCTest

/// When the store cannot write, files stay in new/ (none goes to rejected/), the spool says it is
/// paused in `gridctl status` and the log, and it resumes by itself once the store writes again.
///
/// Disk full: the database lives on a small tmpfs that the test fills. Where no file system can be
/// mounted (not root, or no CAP_SYS_ADMIN), the daemon's test-only fault switch stands in
/// (`GRIDD_FAULT_FILE`, see StoreFaultSwitch). Read-only: a tmpfs cannot be remounted read-only
/// while SQLite holds the database open for writing (EBUSY), and root writes to a 0444 file, so
/// the fault switch makes every write fail with SQLITE_READONLY.
final class SpoolBackpressureTests: XCTestCase {
    func testAStoreFailureKeepsTheFilesAndTheyAreTakenAfterRecovery() throws {
        var template = Array("/tmp/gridd-dbfs-XXXXXX".utf8CString)
        let mountPoint = String(cString: try XCTUnwrap(mkdtemp(&template)))
        let mounted = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint]) == 0
        defer {
            if mounted { _ = Self.run("/bin/umount", [mountPoint]) }
            rmdir(mountPoint)
        }
        let faultFile = mountPoint + "/fault"
        let database = mounted ? mountPoint + "/gridd.sqlite" : nil
        let daemon = try DaemonHarness(extraConfig: mounted ? "[Daemon]\nDatabase=\(mountPoint)/gridd.sqlite" : "")
        setenv(StoreFaultSwitch.environmentVariable, faultFile, 1)
        try daemon.start()
        unsetenv(StoreFaultSwitch.environmentVariable)

        // Disk full.
        let filler = mountPoint + "/filler"
        if mounted {
            Self.fill(filler)
        } else {
            try "full".write(toFile: faultFile, atomically: true, encoding: .utf8)
        }
        let description = String(repeating: "满", count: 1900)
        for index in 0..<100 {
            try daemon.spool(String(format: "f%03d.json", index),
                             #"{"category":"0102","cell":"320506002001006","description":"\#(description)"}"#)
        }
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.spoolStatus()["state"]?.stringValue) == "paused" },
                      daemon.dispatchLogText)
        let paused = try daemon.spoolStatus()
        XCTAssertNotNil(paused["last_error"]?.stringValue)
        XCTAssertGreaterThan(paused["backlog"]?.intValue ?? 0, 0)
        XCTAssertTrue(daemon.dispatchLogText.contains("event=spool_paused"))
        XCTAssertFalse(daemon.spoolNames("new").isEmpty, "the files stay in new/")
        XCTAssertEqual(daemon.spoolNames("rejected"), [], "nothing is rejected because the store failed")

        // The disk has room again: the spool resumes by itself and takes every file once.
        if mounted { unlink(filler) } else { unlink(faultFile) }
        XCTAssertTrue(waitUntil(seconds: 60) { daemon.spoolNames("new").isEmpty }, daemon.dispatchLogText)
        XCTAssertTrue(waitUntil(seconds: 10) { (try? daemon.spoolStatus()["state"]?.stringValue) == "running" })
        XCTAssertTrue(daemon.dispatchLogText.contains("event=spool_resumed"))
        XCTAssertEqual(try daemon.sqlite("SELECT count(*), count(DISTINCT key) FROM incidents", database: database), ["100|100"])
        XCTAssertEqual(daemon.spoolNames("rejected"), [])

        // A read-only database.
        try "readonly".write(toFile: faultFile, atomically: true, encoding: .utf8)
        for index in 0..<20 { try daemon.spool(String(format: "r%03d.json", index), SpoolIntakeTests.report()) }
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.spoolStatus()["state"]?.stringValue) == "paused" },
                      daemon.dispatchLogText)
        XCTAssertTrue(try daemon.spoolStatus()["last_error"]?.stringValue?.contains("SQLITE_READONLY") == true)
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.spoolNames("new").count, 20, "the files stay in new/")
        unlink(faultFile)
        XCTAssertTrue(waitUntil(seconds: 60) { daemon.spoolNames("new").isEmpty }, daemon.dispatchLogText)
        XCTAssertEqual(try daemon.sqlite("SELECT count(*), count(DISTINCT key) FROM incidents", database: database), ["120|120"])
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertEqual(try daemon.sqlite("PRAGMA integrity_check", database: database), ["ok"])
    }

    /// Writes zeros into `path` until the file system is full.
    static func fill(_ path: String) {
        guard let fd = try? FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC) else { return }
        defer { fd.close() }
        let chunk = [UInt8](repeating: 0, count: 4096)
        while (try? fd.writeAll(chunk)) != nil {}
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
