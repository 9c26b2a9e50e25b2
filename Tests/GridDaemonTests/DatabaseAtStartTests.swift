import Foundation
import GridClient
import GridCore
import XCTest

/// A database gridd must not use: corrupt (garbage, truncated, a damaged page behind a valid
/// header — also right after a clean shutdown, when the full check is otherwise skipped) or
/// read-only. gridd refuses to start: a non-zero exit, a message naming the file and what is
/// wrong with it, and the file's bytes unchanged, with no -wal or -shm left beside it.
final class DatabaseAtStartTests: XCTestCase {
    func testGarbageIsRefusedAndLeftUntouched() throws {
        let daemon = try DaemonHarness()
        var garbage = Array("这不是数据库 — not an SQLite database\n".utf8)
        while garbage.count < 16384 { garbage += garbage }
        try Data(garbage).write(to: URL(fileURLWithPath: daemon.databasePath))
        try assertRefused(daemon, saying: "is corrupt or not an SQLite database")
    }

    func testATruncatedDatabaseIsRefusedAndLeftUntouched() throws {
        let daemon = try Self.daemonWithData()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: daemon.databasePath))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: daemon.databasePath))
        try assertRefused(daemon, saying: "is corrupt or not an SQLite database")
    }

    func testADamagedPageAfterACleanShutdownIsRefusedAndLeftUntouched() throws {
        let daemon = try Self.daemonWithData()
        XCTAssertTrue(FileManager.default.fileExists(atPath: daemon.databasePath + ".clean-shutdown"))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: daemon.databasePath))
        // Scribble over the fourth page, leaving the header (page 1) valid.
        for offset in (4096 * 3)..<(4096 * 3 + 2048) { bytes[offset] = 0x5A }
        try bytes.write(to: URL(fileURLWithPath: daemon.databasePath))
        try assertRefused(daemon, saying: "quick_check")
    }

    func testAReadOnlyDatabaseIsRefusedAtStart() throws {
        // Root writes to a 0444 file, so as root the database goes on a tmpfs remounted read-only.
        var template = Array("/tmp/gridd-rofs-XXXXXX".utf8CString)
        let mountPoint = String(cString: try XCTUnwrap(mkdtemp(&template)))
        defer { rmdir(mountPoint) }
        let asRoot = getuid() == 0
        if asRoot {
            guard SpoolBackpressureTests.run("/bin/mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint]) == 0 else {
                throw XCTSkip("cannot mount a tmpfs here (no CAP_SYS_ADMIN)")
            }
        }
        defer { if asRoot { SpoolBackpressureTests.run("/bin/umount", [mountPoint]) } }
        let daemon = try DaemonHarness(extraConfig: "[Daemon]\nDatabase=\(mountPoint)/gridd.sqlite")
        try daemon.start()
        _ = try daemon.connect().call("submit", ["report": .object(SuitePolicy.report(key: "kept"))]).get()
        XCTAssertEqual(daemon.stop(), 0)
        if asRoot {
            XCTAssertEqual(SpoolBackpressureTests.run("/bin/mount", ["-o", "remount,ro", mountPoint]), 0)
        } else {
            XCTAssertEqual(chmod(mountPoint + "/gridd.sqlite", 0o444), 0)
        }
        try assertRefused(daemon, database: mountPoint + "/gridd.sqlite", saying: "can only be opened read-only")
    }

    /// A daemon whose database holds 200 incidents and was closed cleanly (a single file).
    static func daemonWithData() throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        try daemon.start()
        let connection = try daemon.connect()
        let description = String(repeating: "路面", count: 300)
        for index in 0..<200 {
            var report = SuitePolicy.report(key: "d\(index)")
            report["description"] = .string(description)
            _ = try connection.call("submit", ["report": .object(report)]).get()
        }
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: daemon.databasePath + "-wal"))
        return daemon
    }

    /// Starts gridd on `daemon`'s directory and expects it to refuse: exit status 1, `not started`,
    /// the path and `reason` on stderr, and the database's bytes and neighbours as they were.
    private func assertRefused(
        _ daemon: DaemonHarness, database: String? = nil, saying reason: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let path = database ?? daemon.databasePath
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try daemon.launch()
        let process = try XCTUnwrap(daemon.process)
        guard waitUntil(seconds: 30, { !process.isRunning }) else {
            daemon.crash()
            return XCTFail("gridd started on a database it must refuse", file: file, line: line)
        }
        XCTAssertEqual(process.terminationStatus, 1, file: file, line: line)
        let stderr = daemon.stderrText
        XCTAssertTrue(stderr.contains("gridd: not started: cannot open the database \(path)"), stderr, file: file, line: line)
        XCTAssertTrue(stderr.contains(reason), stderr, file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "the database was modified", file: file, line: line)
        for suffix in ["-wal", "-shm", "-journal"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: path + suffix), "\(suffix) left beside it", file: file, line: line)
        }
    }
}
