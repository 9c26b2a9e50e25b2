import CSQLite
import GridCore
import XCTest

@testable import GridStore

/// `SQLRow` binds pointers into its own buffer: what is stored must be exactly what was given,
/// every value in its place, and no binding may outlive `withBindings`.
final class SQLRowTests: XCTestCase {
    private let values: [SQLValue] = [
        .integer(Int64.min), .null, .real(-0.125), .text("网格\u{0}化"), .text(""), .blob([0, 1, 255]), .blob([]),
        .text("a"), .null, .text(String(repeating: "长", count: 700)), .integer(7),
    ]

    func testKeepsEveryValueInItsPlace() {
        let row = SQLRow(values)
        XCTAssertEqual(row.count, values.count)
        XCTAssertEqual((0..<row.count).map { row.value(at: $0) }, values)
    }

    func testStoresExactlyTheRowsValues() throws {
        let directory = TemporaryDirectory()
        let connection = try Connection(path: directory.file("t.db"))
        let columns = values.indices.map { "c\($0)" }
        try connection.execute("CREATE TABLE t (\(columns.joined(separator: ", ")))")
        let insert = try connection.prepare(
            "INSERT INTO t VALUES (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
        // Bound over a statement that holds other values: the row's NULLs must not keep them.
        try insert.bind(Array(repeating: SQLValue.text("stale"), count: values.count))
        try insert.withBindings(SQLRow(values)) { (statement) throws(SQLiteError) in _ = try statement.step() }
        insert.reset()
        let select = try connection.prepare("SELECT \(columns.joined(separator: ", ")) FROM t")
        XCTAssertTrue(try select.step())
        for index in values.indices {
            XCTAssertEqual(select.value(at: Int32(index)), values[index], "column \(index)")
        }
        XCTAssertEqual(sqlite3_column_type(select.handle, 4), SQLITE_TEXT, "an empty text is text, not NULL")
        XCTAssertEqual(sqlite3_column_type(select.handle, 6), SQLITE_BLOB, "an empty blob is a blob, not NULL")
    }

    func testClearsItsBindingsBeforeReturning() throws {
        let directory = TemporaryDirectory()
        let connection = try Connection(path: directory.file("t.db"))
        let select = try connection.prepare("SELECT ?1, ?2")
        let seen = try select.withBindings(SQLRow([.text("kept only inside"), .integer(2)])) {
            (statement) throws(SQLiteError) -> SQLValue in
            _ = try statement.step()
            return statement.value(at: 0)
        }
        XCTAssertEqual(seen, .text("kept only inside"))
        select.reset()
        XCTAssertTrue(try select.step())
        XCTAssertTrue(select.isNull(at: 0), "no pointer into the row is left bound")
        XCTAssertTrue(select.isNull(at: 1))
    }

    func testAFailingStepThrowsAndClearsToo() throws {
        let directory = TemporaryDirectory()
        let connection = try Connection(path: directory.file("t.db"))
        try connection.execute("CREATE TABLE t (k TEXT UNIQUE)")
        try connection.execute("INSERT INTO t VALUES ('x')")
        let insert = try connection.prepare("INSERT INTO t VALUES (?)")
        XCTAssertThrowsError(
            try insert.withBindings(SQLRow([.text("x")])) { (statement) throws(SQLiteError) in _ = try statement.step() }
        ) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, SQLITE_CONSTRAINT)
        }
        insert.reset()
        XCTAssertFalse(try insert.step(), "run again with nothing bound: a NULL, which the column allows")
        XCTAssertEqual(try connection.scalarInt("SELECT count(*) FROM t WHERE k IS NULL"), 1, "the binding went with the failure")
    }

    func testBindsARangeFromParameterOneAndJSONAsItsText() throws {
        let directory = TemporaryDirectory()
        let connection = try Connection(path: directory.file("t.db"))
        let detail: JSONValue = ["method": "cell", "note": "井盖\u{7}破损", "n": 3]
        var row = SQLRow([.text("first"), .integer(1)])
        row.appendJSON(detail)
        row.append(.text("last"))
        var array: [SQLValue] = []
        array.appendJSON(detail)
        XCTAssertEqual(row.value(at: 2), array[0], "the same text as the array's serialized JSON")
        let select = try connection.prepare("SELECT ?1, ?2, ?3")
        let seen = try select.withBindings(row, 1..<4) { (statement) throws(SQLiteError) -> [SQLValue] in
            _ = try statement.step()
            return (0..<3).map { statement.value(at: Int32($0)) }
        }
        XCTAssertEqual(seen, [.integer(1), .text(detail.serialized()), .text("last")])
    }
}
