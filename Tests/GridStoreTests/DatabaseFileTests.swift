import Foundation
import GridCore
import Synchronization
import XCTest

@testable import GridStore

/// The database file: created 0640 whatever the umask (its -wal and -shm too), never re-created
/// where traces say a database existed, and found out when deleted or replaced while open.
final class DatabaseFileTests: XCTestCase {
    private func permissions(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return String(info.st_mode & 0o7777, radix: 8)
    }

    func testCreatedWithExplicitModesUnderAnyUmask() throws {
        for mask: mode_t in [0o000, 0o022, 0o077] {
            let directory = TemporaryDirectory()
            let previous = umask(mask)
            let store: IncidentStore
            do {
                defer { umask(previous) }
                store = try openStore(directory)
                _ = try submitAndWait(store, Fixtures.fullIncident()).get()
            }
            let path = directory.file("gridd.db")
            for file in [path, path + "-wal", path + "-shm", path + ".identity"] {
                XCTAssertEqual(permissions(file), "640", "\(file) under umask \(String(mask, radix: 8))")
            }
            store.close()
        }
    }

    /// A database made before modes were explicit (0644) loses the permissions of others.
    func testAWorldReadableDatabaseIsTightenedAtOpen() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        let previous = umask(0o022)
        do {
            defer { umask(previous) }
            let connection = try Connection(path: path)
            try connection.execute("CREATE TABLE placeholder (x)")
            connection.close()
        }
        XCTAssertEqual(permissions(path), "644")
        let store = try openStore(directory)
        store.close()
        XCTAssertEqual(permissions(path), "640")
    }

    func testAMissingDatabaseIsNotRecreatedWhereTracesSayOneExisted() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        try openStore(directory).close()
        XCTAssertEqual(unlink(path), 0)
        XCTAssertThrowsError(try IncidentStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .databaseMissing(path: path, traces: [path + ".identity"]))
            XCTAssertTrue("\(error)".contains("to start with an empty database on purpose, move that file aside"), "\(error)")
            XCTAssertEqual((error as? StoreError)?.gridError.code, .unavailable)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))

        // Each trace counts: the write-ahead log, the shared memory, what the caller names.
        XCTAssertEqual(unlink(path + ".identity"), 0)
        let marker = directory.file("gridd.db.clean-shutdown")
        for trace in [path + "-wal", path + "-shm", marker] {
            XCTAssertTrue(FileManager.default.createFile(atPath: trace, contents: Data()))
            var options = StoreOptions()
            options.databaseTraces = [marker]
            XCTAssertThrowsError(try IncidentStore(path: path, options: options)) { error in
                XCTAssertEqual(error as? StoreError, .databaseMissing(path: path, traces: [trace]))
            }
            XCTAssertEqual(unlink(trace), 0)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        // Nothing left: a first start.
        try openStore(directory).close()
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testADeletedDatabaseFailsEveryWriteAndIsReportedOnce() throws {
        let directory = TemporaryDirectory()
        let reports = Mutex<[String]>([])
        var options = StoreOptions()
        options.onDatabaseLost = { detail in reports.withLock { $0.append(detail) } }
        let store = try openStore(directory, options: options)
        defer { store.close() }
        _ = try submitAndWait(store, Fixtures.fullIncident(key: "kept")).get()
        XCTAssertNil(store.databaseLost)
        XCTAssertEqual(unlink(directory.file("gridd.db")), 0)
        for key in ["lost-1", "lost-2"] {
            let result = submitAndWait(store, Fixtures.fullIncident(key: key))
            guard case .failure(.databaseLost(let detail)) = result else { return XCTFail("\(result)") }
            XCTAssertTrue(detail.contains("was deleted while gridd was running"), detail)
            XCTAssertEqual(StoreError.databaseLost(detail).gridError.code, .unavailable)
        }
        XCTAssertNotNil(try store.statistics(now: Fixtures.t0).databaseLost)
        XCTAssertEqual(reports.withLock { $0.count }, 1, "reported once")
        XCTAssertEqual(try store.statistics(now: Fixtures.t0).failedBatches, 2)
    }

    func testAReplacedOrMovedDatabaseIsFoundByStatus() throws {
        for replace in [true, false] {
            let directory = TemporaryDirectory()
            let store = try openStore(directory)
            let path = directory.file("gridd.db")
            if replace {
                XCTAssertTrue(FileManager.default.createFile(atPath: directory.file("other"), contents: Data()))
                XCTAssertEqual(rename(directory.file("other"), path), 0)
            } else {
                XCTAssertEqual(rename(path, directory.file("moved.db")), 0)
            }
            let detail = try XCTUnwrap(try store.statistics(now: Fixtures.t0).databaseLost)
            XCTAssertTrue(detail.contains(replace ? "was replaced" : "was moved away"), detail)
            let result = submitAndWait(store, Fixtures.fullIncident())
            guard case .failure(.databaseLost) = result else { return XCTFail("\(result)") }
            store.close()
        }
    }

    /// After a crash, a database renamed into place is not what the -wal left beside it belongs to:
    /// refused before SQLite could apply that log to it.
    func testAWriteAheadLogOfAnotherFileIsRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        try openStore(directory).close()
        XCTAssertNoThrow(try FileManager.default.copyItem(atPath: path, toPath: directory.file("copy")))
        XCTAssertEqual(rename(directory.file("copy"), path), 0)
        XCTAssertTrue(FileManager.default.createFile(atPath: path + "-wal", contents: Data([1, 2, 3])))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try IncidentStore(path: path)) { error in
            guard case .databaseFile(let message) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("is not the file that was there when gridd last ran"), message)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        // Without the log, the renamed database is simply used (a restore), and recorded.
        XCTAssertEqual(unlink(path + "-wal"), 0)
        try openStore(directory).close()
        XCTAssertTrue(try String(contentsOfFile: path + ".identity", encoding: .utf8).contains("database=\(path) dev="))
    }
}
