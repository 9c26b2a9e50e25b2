import GridCore
import XCTest

/// `gridctl categories`, `gridctl units` and names for codes, against the real daemon's `catalog`.
final class LookupDaemonTests: XCTestCase {
    func testCategoriesUnitsAndNamesForCodes() throws {
        let daemon = try DaemonHarness()
        try daemon.start()

        let categories = try daemon.gridctl(["categories"])
        XCTAssertEqual(categories.status, 0, categories.stderr)
        XCTAssertTrue(categories.stdout.contains("0102  暴露垃圾"), categories.stdout)
        let json = try daemon.gridctl(["--json", "categories"])
        XCTAssertEqual(try JSONParser.parse(json.stdout).arrayValue?.count, 19, json.stdout)

        let street = try daemon.gridctl(["--lang", "zh", "units", "清河街道"])
        XCTAssertEqual(street.status, 0, street.stderr)
        let rows = street.stdout.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.map { String($0.prefix(12)).trimmingCharacters(in: .whitespaces) }, ["320506002", "320506002001", "320506002002"])
        XCTAssertTrue(street.stdout.contains("街道") && street.stdout.contains("桃源社区"), street.stdout)

        // Names (or an unambiguous start of one) for codes.
        let submitted = try daemon.gridctl(["submit", "--category", "暴露", "--community", "桃源社区", "--title", "楼道堆放垃圾"])
        XCTAssertEqual(submitted.status, 0, submitted.stderr)
        XCTAssertTrue(submitted.stdout.contains("dispatched to community 桃源社区 (320506002001)"), submitted.stdout)
        let listed = try daemon.gridctl(["--json", "list", "--unit", "清河街道", "--category", "暴露垃圾"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("\"id\":1,"), listed.stdout)

        let ambiguous = try daemon.gridctl(["list", "--unit", "临江"])
        XCTAssertEqual(ambiguous.status, 2)
        XCTAssertTrue(ambiguous.stderr.contains("320508 临江区, 320508002 临江街道"), ambiguous.stderr)
        let unknown = try daemon.gridctl(["submit", "--category", "不存在", "--community", "桃源社区"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no category named 不存在; gridctl categories lists them"), unknown.stderr)
        XCTAssertEqual(daemon.stop(), 0)
    }
}
