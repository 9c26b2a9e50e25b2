import CSQLite
import XCTest

@testable import GridStore

final class ConnectionTests: XCTestCase {
    func testBindingAndReadingEveryType() throws {
        let directory = TemporaryDirectory()
        let connection = try Connection(path: directory.file("t.db"))
        try connection.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let insert = try connection.prepare("INSERT INTO t VALUES (:i, :r, :s, :b, :n)")
        try insert.bind(Int64.min, named: ":i")
        try insert.bind(-0.125, named: ":r")
        try insert.bind("网格\u{0}化", named: ":s")
        try insert.bind([0, 1, 255] as [UInt8], named: ":b")
        try insert.bind(nil as String?, named: ":n")
        XCTAssertFalse(try insert.step())
        XCTAssertEqual(connection.changes, 1)
        XCTAssertEqual(connection.lastInsertRowID, 1)
        XCTAssertThrowsError(try insert.bind(1 as Int64?, named: ":missing")) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, SQLITE_RANGE)
        }

        let select = try connection.prepare("SELECT i, r, s, b, n FROM t")
        XCTAssertTrue(try select.step())
        XCTAssertEqual(select.int64(at: 0), Int64.min)
        XCTAssertEqual(select.double(at: 1), -0.125)
        XCTAssertEqual(select.string(at: 2), "网格\u{0}化", "embedded NUL kept: text bound with its length")
        XCTAssertEqual(select.blob(at: 3), [0, 1, 255])
        XCTAssertTrue(select.isNull(at: 4))
        XCTAssertNil(select.string(at: 4))
        XCTAssertEqual(select.columnName(at: 2), "s")
        XCTAssertFalse(try select.step())
        select.reset()
        XCTAssertTrue(try select.step(), "runs again after reset")
    }

    func testErrorsCarryCodesMessageAndSQL() throws {
        let directory = TemporaryDirectory()
        let connection = try Connection(path: directory.file("t.db"))
        try connection.execute("CREATE TABLE t (k TEXT UNIQUE)")
        try connection.execute("INSERT INTO t VALUES ('x')")
        XCTAssertThrowsError(try connection.execute("INSERT INTO t VALUES ('x')")) { error in
            guard let error = error as? SQLiteError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, SQLITE_CONSTRAINT)
            XCTAssertEqual(error.extendedCode, SQLiteExtendedCode.constraintUnique)
            XCTAssertTrue(error.message.contains("UNIQUE"), error.message)
            XCTAssertEqual(error.sql, "INSERT INTO t VALUES ('x')")
            XCTAssertTrue(error.description.contains("SQLITE_CONSTRAINT"), error.description)
        }
        XCTAssertThrowsError(try connection.prepare("SELEKT 1")) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, SQLITE_ERROR)
            XCTAssertEqual((error as? SQLiteError)?.sql, "SELEKT 1")
        }
        connection.close()
        XCTAssertThrowsError(try connection.execute("SELECT 1")) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, SQLITE_MISUSE)
        }
    }
}
