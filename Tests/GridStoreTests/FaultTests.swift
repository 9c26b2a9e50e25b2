import CSQLite
import Foundation
import GridCore
import XCTest

@testable import GridStore

final class FaultTests: XCTestCase {
    func testInjectedDiskFullFailsTheSubmitAsUnavailableAndStoresNothing() throws {
        let directory = TemporaryDirectory()
        let full = FaultSwitch()
        var options = StoreOptions()
        options.faultInjector = { sql in full.isOn && sql.hasPrefix("INSERT INTO events") ? SQLITE_FULL : nil }
        let store = try openStore(directory, options: options)
        defer { store.close() }
        full.isOn = true
        let result = submitAndWait(store, Fixtures.fullIncident(key: "disk-full"))
        XCTAssertThrowsError(try result.get()) { error in
            let storeError = error as? StoreError
            XCTAssertEqual(storeError?.gridError.code, .unavailable)
            XCTAssertEqual(storeError?.isTransient, true)
            guard case .sqlite(let sqlite) = storeError else { return XCTFail("\(error)") }
            XCTAssertEqual(sqlite.code, SQLITE_FULL)
            XCTAssertTrue(sqlite.sql?.hasPrefix("INSERT INTO events") == true)
        }
        // The incident row written before the failing event insert was rolled back with it.
        XCTAssertEqual(try count("incidents", in: directory), 0)
        XCTAssertEqual(try count("events", in: directory), 0)
        full.isOn = false
        XCTAssertTrue(try submitAndWait(store, Fixtures.fullIncident(key: "disk-full")).get().created)
        XCTAssertEqual(try count("incidents", in: directory), 1)
    }

    func testInjectedIOErrorAtBeginFailsTheBatch() throws {
        let directory = TemporaryDirectory()
        let broken = FaultSwitch()
        var options = StoreOptions()
        options.faultInjector = { sql in broken.isOn && sql.hasPrefix("BEGIN") ? SQLiteExtendedCode.ioerrWrite : nil }
        let store = try openStore(directory, options: options)
        defer { store.close() }
        broken.isOn = true
        XCTAssertThrowsError(try submitAndWait(store, Fixtures.bareIncident()).get()) { error in
            guard case .sqlite(let sqlite) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(sqlite.extendedCode, SQLiteExtendedCode.ioerrWrite)
            XCTAssertEqual(sqlite.code, SQLITE_IOERR)
            XCTAssertEqual((error as? StoreError)?.gridError.code, .unavailable)
        }
        XCTAssertEqual(try count("incidents", in: directory), 0)
    }

    func testGarbageFileIsRefusedAndLeftUntouched() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        var garbage = Array("这不是数据库 — this is not an SQLite database\n".utf8)
        while garbage.count < 8192 { garbage += garbage }
        let original = Data(garbage)
        try original.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try IncidentStore(path: path)) { error in
            guard case .corrupt(let where_, let detail) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(where_, path)
            XCTAssertFalse(detail.isEmpty)
            XCTAssertTrue("\(error)".contains("not modified"), "\(error)")
            XCTAssertEqual((error as? StoreError)?.gridError.code, .unavailable)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), original)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-shm"))
    }

    func testDamagedPagesAreRefusedByQuickCheck() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("gridd.db")
        do {
            let store = try openStore(directory)
            for index in 0..<200 { _ = try submitAndWait(store, Fixtures.fullIncident(key: "k\(index)")).get() }
            store.close()  // last connection: checkpoints the WAL into the main file
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertGreaterThan(bytes.count, 4096 * 4)
        // Scribble over the middle of the file, leaving the header (page 1) intact.
        for offset in (4096 * 2)..<(4096 * 2 + 2048) { bytes[offset] = 0x5A }
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try IncidentStore(path: path)) { error in
            guard case .corrupt = error as? StoreError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), bytes)
    }

    /// The store creates the database file itself (mode 0640) before SQLite opens it, so a missing
    /// directory is open(2)'s ENOENT, naming the file.
    func testMissingDirectoryIsAClearError() {
        XCTAssertThrowsError(try IncidentStore(path: "/nonexistent-gridd-dir/gridd.db")) { error in
            guard case .databaseFile(let message) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("cannot create the database /nonexistent-gridd-dir/gridd.db"), message)
            XCTAssertTrue(message.contains("No such file or directory"), message)
        }
    }
}
