import CSQLite
import Foundation
import GridCore
import XCTest

@testable import GridStore

/// `DatabaseBackup` (gridctl backup) and `DatabaseRestore` (gridd --restore) on real files. The
/// daemon-level tests (a backup while reports arrive, a restore refused while gridd runs) are in
/// GridDaemonTests/BackupRestoreTests.
final class BackupTests: XCTestCase {
    /// Commits still in the write-ahead log are in the copy (a `cp` of the database file alone
    /// misses them), the copy has the source's mode, and it is one self-contained file.
    func testCopyHoldsWhatIsStillInTheLogAndKeepsTheMode() throws {
        let directory = TemporaryDirectory()
        let source = directory.file("live.db")
        let writer = try Connection(path: source)
        defer { writer.close() }
        try writer.execute("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0")
        try writer.execute("CREATE TABLE incidents (id INTEGER PRIMARY KEY, title TEXT); PRAGMA user_version = 3")
        for id in 1...50 { try writer.execute("INSERT INTO incidents (id, title) VALUES (\(id), '楼道堆放垃圾')") }
        XCTAssertEqual(chmod(source, 0o600), 0)

        // What a file copy of the database alone would give: the log's commits are not in it.
        let fileCopy = directory.file("cp.db")
        try FileManager.default.copyItem(atPath: source, toPath: fileCopy)
        XCTAssertNotEqual(try? Connection(path: fileCopy, flags: SQLITE_OPEN_READONLY).scalarInt("SELECT count(*) FROM incidents"), 50)

        let destination = directory.file("backup.sqlite")
        let copy = try DatabaseBackup.copy(from: source, to: destination)
        XCTAssertEqual(copy.path, destination)
        XCTAssertEqual(copy.incidents, 50)
        XCTAssertEqual(copy.schemaVersion, 3)
        XCTAssertEqual(copy.mode, 0o600)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: destination)[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(copy.bytes, try FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int64)
        let reader = try Connection(path: destination, flags: SQLITE_OPEN_READONLY)
        defer { reader.close() }
        XCTAssertEqual(try reader.strings("PRAGMA journal_mode"), ["delete"])
        XCTAssertEqual(try reader.strings("PRAGMA integrity_check"), ["ok"])
        XCTAssertEqual(try reader.scalarInt("SELECT count(*) FROM incidents WHERE title = '楼道堆放垃圾'"), 50)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("backup") },
            ["backup.sqlite"], "no .partial, no -wal beside the copy")

        // Again to the same name: replaced whole.
        try writer.execute("INSERT INTO incidents (id, title) VALUES (51, 'x')")
        XCTAssertEqual(try DatabaseBackup.copy(from: source, to: destination).incidents, 51)
    }

    /// A copy that cannot be made leaves nothing at the destination, nor a `.partial`.
    func testFailedCopyLeavesNothing() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        store.close()
        XCTAssertThrowsError(try DatabaseBackup.copy(from: directory.file("gridd.db"), to: directory.file("missing/backup.sqlite"))) {
            XCTAssertTrue("\($0)".contains("cannot create"), "\($0)")
        }
        let text = directory.file("notes.txt")
        try Data("不是数据库 not a database, but long enough to have a header of sorts…".utf8).write(to: URL(fileURLWithPath: text))
        XCTAssertThrowsError(try DatabaseBackup.copy(from: text, to: directory.file("backup.sqlite"))) { error in
            guard case .corrupt? = error as? StoreError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try DatabaseBackup.copy(from: directory.file("nothing.db"), to: directory.file("backup.sqlite")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("backup.sqlite")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("backup.sqlite.partial")))
    }

    /// A backup made by an older gridd (schema 2) replaces the current database, which is kept
    /// aside and still opens; the store migrates the restored one when it opens it.
    func testRestoreKeepsTheOldDatabaseAsideAndTheStoreMigratesTheBackup() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        for _ in 0..<3 { _ = try submitAndWait(store, Fixtures.bareIncident()).get() }
        store.close()
        let backup = directory.file("v2-backup.sqlite")
        do {
            let connection = try Connection(path: backup)
            try connection.execute("PRAGMA journal_mode = WAL")
            XCTAssertEqual(try Migrator.migrate(connection, migrations: Array(Migration.all.prefix(2))), [1, 2])
            let policy = IncidentRecords.policyText(Fixtures.policy).replacingOccurrences(of: "'", with: "''")
            try connection.execute("""
                INSERT INTO incidents (id, key, category, priority, state, tier, unit, route_method, title, created_at,
                    updated_at, version, source, created_uid, policy)
                VALUES (7, NULL, '0102', 'normal', 'dispatched', 1, '110105001002', 'fallback', '旧的', 1, 1, 1, 'socket', 1001, '\(policy)');
                INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid) VALUES (7, 'dispatched', 1, 1, '110105001002', 1001);
                """)
            connection.close()
        }
        let database = directory.file("gridd.db")
        let outcome = try DatabaseRestore.restore(from: backup, into: database, stamp: "20261205T031500Z")
        XCTAssertEqual(outcome.setAside, [database + ".before-restore-20261205T031500Z"])
        XCTAssertEqual(outcome.restored.path, database)
        XCTAssertEqual(outcome.restored.schemaVersion, 2)
        XCTAssertEqual(outcome.restored.incidents, 1)
        XCTAssertEqual(outcome.restored.mode, DatabaseFile.mode)
        XCTAssertFalse(FileManager.default.fileExists(atPath: database + ".restoring"))
        XCTAssertEqual(try Connection(path: outcome.setAside[0], flags: SQLITE_OPEN_READONLY).scalarInt("SELECT count(*) FROM incidents"), 3)

        let restored = try IncidentStore(path: database)
        defer { restored.close() }
        XCTAssertEqual(try restored.incident(id: 7)?.title, "旧的")
        XCTAssertNil(try restored.incident(id: 1))
        XCTAssertEqual(try freshConnection(directory).scalarInt("PRAGMA user_version"), Int64(Migration.supportedVersion))
        XCTAssertEqual(try submitAndWait(restored, Fixtures.bareIncident()).get().incident.id, 8)
    }

    /// A newer schema, an SQLite database that is not gridd's, and a file that is no database are
    /// refused; the database is left as it was, with nothing beside it.
    func testRestoreRefusesWhatGriddCannotOpenAndChangesNothing() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        _ = try submitAndWait(store, Fixtures.bareIncident()).get()
        store.close()
        let database = directory.file("gridd.db")
        let before = try Data(contentsOf: URL(fileURLWithPath: database))

        let newer = directory.file("newer.sqlite")
        try Connection(path: newer).execute("CREATE TABLE future (x); PRAGMA user_version = 99")
        let foreign = directory.file("foreign.sqlite")
        try Connection(path: foreign).execute("CREATE TABLE photos (x)")
        let garbage = directory.file("garbage.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let expectations: [(String, (StoreError) -> Bool)] = [
            (newer, { $0 == .schemaTooNew(found: 99, supported: Migration.supportedVersion) }),
            (foreign, { "\($0)".contains("not gridd's") }),
            (garbage, { if case .corrupt = $0 { return true } else { return false } }),
            (directory.file("absent.sqlite"), { if case .databaseFile = $0 { return true } else { return false } }),
            (database, { "\($0)".contains("is the database itself") }),
        ]
        for (backup, matches) in expectations {
            XCTAssertThrowsError(try DatabaseRestore.restore(from: backup, into: database, stamp: "S")) { error in
                XCTAssertTrue((error as? StoreError).map(matches) ?? false, "\(backup): \(error)")
            }
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), listing)
    }
}
