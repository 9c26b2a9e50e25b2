import CSQLite
import GridCore
import Synchronization
import XCTest

@testable import GridStore

/// The operator views in the configured zone (`OperatorViews`, `ViewTimes`): created again at open
/// only when they differ, in one go; their UTC form is exactly what the migrations made; a zone
/// with DST shows each time at the offset of its own day.
final class OperatorViewTests: XCTestCase {
    static let shanghai = try! WorkingCalendar(timeZoneIdentifier: "Asia/Shanghai")
    static let berlin = try! WorkingCalendar(timeZoneIdentifier: "Europe/Berlin")
    static let now = Timestamp(rfc3339: "2026-12-05T06:00:00Z")!

    /// If a migration changes a view and `OperatorViews.statements` does not follow, this fails.
    func testTheUTCFormIsWhatTheMigrationsMade() throws {
        let directory = TemporaryDirectory()
        try openStore(directory).close()
        let connection = try freshConnection(directory)
        XCTAssertFalse(try OperatorViews.install(connection, .utc), "the migrations' views and OperatorViews' UTC ones differ")
    }

    func testAZoneIsWrittenOnceAtOpenAndAgainOnlyWhenItChanges() throws {
        let directory = TemporaryDirectory()
        var options = StoreOptions()
        options.viewTimes = ViewTimes(calendar: Self.shanghai, around: Self.now)
        try openStore(directory, options: options).close()
        let connection = try freshConnection(directory)
        let before = try connection.strings("SELECT sql FROM sqlite_master WHERE type = 'view' ORDER BY name")
        XCTAssertEqual(before.count, 5)
        XCTAssertTrue(before.joined().contains("'+08:00'"))
        XCTAssertFalse(try OperatorViews.install(connection, options.viewTimes!), "already in Asia/Shanghai: left alone")
        XCTAssertTrue(try OperatorViews.install(connection, ViewTimes(calendar: Self.berlin, around: Self.now)))
        for view in OperatorViews.statements(.utc).map(\.name) {
            XCTAssertEqual(try connection.strings("SELECT count(*) FROM \(view)"), ["0"], "\(view) reads (a CASE per time column)")
        }
        XCTAssertFalse(try connection.strings("SELECT sql FROM sqlite_master WHERE type = 'view'").joined().contains("+08:00"))
        XCTAssertTrue(try OperatorViews.install(connection, .utc))
        XCTAssertEqual(try connection.strings("SELECT sql FROM sqlite_master WHERE type = 'view' ORDER BY name").count, 5)
    }

    /// A view an operator added by hand survives the rewrite.
    func testAViewOfTheOperatorsOwnIsLeftAlone() throws {
        let directory = TemporaryDirectory()
        try openStore(directory).close()
        let connection = try freshConnection(directory)
        try connection.execute("CREATE VIEW mine AS SELECT id FROM incidents")
        XCTAssertTrue(try OperatorViews.install(connection, ViewTimes(calendar: Self.shanghai, around: Self.now)))
        XCTAssertEqual(try connection.strings("SELECT name FROM sqlite_master WHERE name = 'mine'"), ["mine"])
    }

    /// Views that cannot be written (here: an operator's table where a view was) do not stop the
    /// store from opening; the callback says why and the other views are as they were.
    func testViewsThatCannotBeWrittenDoNotKeepTheStoreClosed() throws {
        let directory = TemporaryDirectory()
        try openStore(directory).close()
        let connection = try freshConnection(directory)
        try connection.execute("DROP VIEW open_incidents; CREATE TABLE open_incidents (x INTEGER)")
        let said = Mutex<[String]>([])
        var options = StoreOptions()
        options.viewTimes = ViewTimes(calendar: Self.shanghai, around: Self.now)
        options.onViewsNotWritten = { detail in said.withLock { $0.append(detail) } }
        try openStore(directory, options: options).close()
        XCTAssertEqual(said.withLock { $0.count }, 1)
        XCTAssertTrue(said.withLock { $0.first ?? "" }.contains("time zone"), said.withLock { $0.first ?? "" })
        let views = try connection.strings("SELECT sql FROM sqlite_master WHERE type = 'view'").joined()
        XCTAssertFalse(views.contains("+08:00"), "rolled back: the views are as the migrations made them")
    }

    /// Europe/Berlin: +01:00 in winter, +02:00 from the last Sunday of March (01:00Z) to the last
    /// of October (01:00Z); the SQL gives each instant its own day's offset, and NULL stays NULL.
    func testADSTZoneShowsEachTimeAtItsOwnOffset() throws {
        let times = ViewTimes(calendar: Self.berlin, around: Self.now)
        XCTAssertEqual(times.initialOffsetSeconds, 3600)
        XCTAssertEqual(times.changes.count, 10, "two changes a year for five years")
        let directory = TemporaryDirectory()
        try openStore(directory).close()
        let connection = try freshConnection(directory)
        func shown(_ utc: String) throws -> [String] {
            let milliseconds = try XCTUnwrap(Timestamp(rfc3339: utc)).milliseconds
            return try connection.strings("SELECT \(times.text(String(milliseconds)))")
        }
        XCTAssertEqual(try shown("2026-03-29T00:59:59.000Z"), ["2026-03-29T01:59:59.000+01:00"])
        XCTAssertEqual(try shown("2026-03-29T01:00:00.000Z"), ["2026-03-29T03:00:00.000+02:00"])
        XCTAssertEqual(try shown("2026-10-25T00:30:00.000Z"), ["2026-10-25T02:30:00.000+02:00"])
        XCTAssertEqual(try shown("2026-10-25T01:30:00.000Z"), ["2026-10-25T02:30:00.000+01:00"])
        XCTAssertEqual(try connection.scalarInt("SELECT \(times.text("NULL")) IS NULL"), 1)
        let shanghai = ViewTimes(calendar: Self.shanghai, around: Self.now)
        XCTAssertEqual(shanghai, ViewTimes(initialOffsetSeconds: 8 * 3600), "no changes in Shanghai since 1991")
        let text = try connection.strings("SELECT \(shanghai.text(String(Self.now.milliseconds)))")
        XCTAssertEqual(text, ["2026-12-05T14:00:00.000+08:00"])
    }
}
