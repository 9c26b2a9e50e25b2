import GridCore
import XCTest

/// Every validation problem is reported, all at once, naming the feature it is in.
final class GridMapValidationTests: XCTestCase {
    typealias S = GridMapTestSupport

    /// Loads the features and returns the error's description lines (failing if it loads).
    private func problems(_ features: [JSONValue], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        problems(document: S.collection(features), file: file, line: line)
    }

    private func problems(document: JSONValue, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try GridMap.load(geoJSON: document, source: "Config/grid.geojson")
            XCTFail("loaded a bad map", file: file, line: line)
            return []
        } catch {
            XCTAssertEqual(error.source, "Config/grid.geojson", file: file, line: line)
            return error.description.split(separator: "\n").map(String.init)
        }
    }

    private let good = S.polygon(S.square(120.0, 30.0, 120.5, 30.5))

    func testUnclosedRing() {
        let ring = S.ring([(120.0, 30.0), (120.5, 30.0), (120.5, 30.5), (120.0, 30.5), (120.0, 30.1)])
        XCTAssertEqual(
            problems([S.feature(S.a, good), S.feature(S.b, S.polygon(ring))]),
            ["Config/grid.geojson: feature 1 (cell \(S.b)): ring 0 is not closed (its last position must repeat the first)"])
    }

    func testTooFewPositionsAndDegenerateRings() {
        let short = S.ring([(120.0, 30.0), (120.5, 30.0), (120.0, 30.0)])
        let flat = S.ring([(120.0, 30.0), (120.5, 30.0), (121.0, 30.0), (120.0, 30.0)])
        let lines = problems([S.feature(S.a, S.polygon(short)), S.feature(S.b, S.polygon(flat))])
        XCTAssertEqual(
            lines,
            [
                "Config/grid.geojson: feature 0 (cell \(S.a)): ring 0 has 3 positions (at least 4 needed)",
                "Config/grid.geojson: feature 1 (cell \(S.b)): ring 0 is degenerate (zero area)",
            ])
    }

    func testCoordinatesOutOfRangeOrNotNumbers() {
        let far = S.ring([(200.0, 30.0), (120.5, 30.0), (120.5, 30.5), (200.0, 30.0)])
        let text: JSONValue = [["120", 30.0], [120.5, 30.0], [120.5, 30.5], ["120", 30.0]]
        let lines = problems([S.feature(S.a, S.polygon(far)), S.feature(S.b, S.polygon(text))])
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].contains("feature 0 (cell \(S.a)): ring 0 position 0 [200.0, 30.0] is out of range"), lines[0])
        XCTAssertTrue(lines[1].contains("feature 1 (cell \(S.b)): ring 0 position 0 is not a [lon, lat] pair"), lines[1])
    }

    func testHoleOutsideItsExterior() {
        let polygon = S.polygon(S.square(120.0, 30.0, 120.5, 30.5), S.square(120.4, 30.1, 120.6, 30.2))
        XCTAssertEqual(
            problems([S.feature(S.a, polygon)]),
            ["Config/grid.geojson: feature 0 (cell \(S.a)): ring 1 (a hole) is not inside ring 0"])
    }

    func testMultiPolygonPartsAreNamed() {
        let open = S.ring([(121.0, 30.0), (121.5, 30.0), (121.5, 30.5), (121.0, 30.5)])
        XCTAssertEqual(
            problems([S.feature(S.a, S.multiPolygon([S.square(120.0, 30.0, 120.5, 30.5)], [open]))]),
            [
                "Config/grid.geojson: feature 0 (cell \(S.a)): polygon 1 ring 0 is not closed (its last position must repeat the first)"
            ])
    }

    func testDuplicateCode() {
        XCTAssertEqual(
            problems([S.feature(S.a, good), S.feature(S.b, good), S.feature(S.a, good)]),
            ["Config/grid.geojson: feature 2 (cell \(S.a)): cell code \(S.a) is already used by feature 0"])
    }

    func testMalformedCodes() {
        let lines = problems([
            S.feature("32050600100100", good), S.feature("320506001001000", good),
            ["type": "Feature", "properties": ["community_name": "x", "street_name": "y", "district_name": "z"],
             "geometry": good],
        ])
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].hasPrefix("Config/grid.geojson: feature 0 (cell 32050600100100): cell code"), lines[0])
        XCTAssertTrue(lines[0].hasSuffix("expected 15 digits"), lines[0])
        XCTAssertTrue(lines[1].contains("feature 1 (cell 320506001001000): cell code 320506001001000: cell sequence"), lines[1])
        XCTAssertEqual(lines[2], "Config/grid.geojson: feature 2: property \"cell\" (the 15-digit cell code) is missing or not a string")
    }

    func testNameConflicts() {
        let lines = problems([
            S.feature(S.a, good),
            S.feature(S.b, good, extra: [("community_name", "别的社区")]),
            S.feature(S.d, good, extra: [("street_name", "别的街道"), ("district_name", "")]),
        ])
        XCTAssertEqual(
            lines,
            [
                "Config/grid.geojson: feature 1 (cell \(S.b)): community 320506001001 is named 别的社区 here but 社区001 in feature 0",
                "Config/grid.geojson: feature 2 (cell \(S.d)): property \"district_name\" is missing or empty",
                "Config/grid.geojson: feature 2 (cell \(S.d)): street 320506001 is named 别的街道 here but 街道001 in feature 0",
            ])
        let street = problems([S.feature(S.a, good), S.feature(S.d, good, extra: [("street_name", "别的街道")])])
        XCTAssertEqual(
            street,
            ["Config/grid.geojson: feature 1 (cell \(S.d)): street 320506001 is named 别的街道 here but 街道001 in feature 0"])
    }

    func testHierarchyMismatch() {
        let lines = problems([
            S.feature(S.a, good, extra: [("community", "320506001002"), ("street", "320506001"), ("district", "320508")])
        ])
        XCTAssertEqual(
            lines,
            [
                "Config/grid.geojson: feature 0 (cell \(S.a)): community \"320506001002\" does not match the cell code, whose community is 320506001001",
                "Config/grid.geojson: feature 0 (cell \(S.a)): district \"320508\" does not match the cell code, whose district is 320506",
            ])
    }

    func testNotAFeatureCollection() {
        XCTAssertEqual(
            problems(document: ["type": "Feature", "features": []]),
            ["Config/grid.geojson: not a GeoJSON FeatureCollection (found an object of type \"Feature\")"])
        XCTAssertEqual(
            problems(document: [1, 2]),
            ["Config/grid.geojson: not a GeoJSON FeatureCollection (found a JSON array)"])
        XCTAssertEqual(problems([]), ["Config/grid.geojson: FeatureCollection has no features"])
        XCTAssertThrowsError(try GridMap.load(geoJSON: Array("{\"type\":".utf8), source: "x.geojson")) {
            XCTAssertTrue("\($0)".hasPrefix("x.geojson: not valid JSON: "), "\($0)")
        }
    }

    func testWrongGeometryType() {
        let line: JSONValue = ["type": "LineString", "coordinates": [[120.0, 30.0], [120.5, 30.5]]]
        let lines = problems([S.feature(S.a, good), S.feature(S.b, line), S.feature(S.d, .null), "feature"])
        XCTAssertEqual(
            lines,
            [
                "Config/grid.geojson: feature 1 (cell \(S.b)): geometry type LineString is not supported (expected Polygon or MultiPolygon)",
                "Config/grid.geojson: feature 2 (cell \(S.d)): has no \"geometry\" object",
                "Config/grid.geojson: feature 3: is not a GeoJSON Feature object",
            ])
    }

    func testAllProblemsAreCollected() {
        let open = S.ring([(120.0, 30.0), (120.5, 30.0), (120.5, 30.5), (120.0, 30.1)])
        let lines = problems([
            S.feature(S.a, S.polygon(open)), S.feature("x", good), S.feature(S.a, good),
            S.feature(S.b, good, extra: [("community_name", "别的社区")]),
        ])
        XCTAssertEqual(lines.count, 4, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].contains("feature 0 (cell \(S.a)): ring 0 is not closed"), lines[0])
        XCTAssertTrue(lines[1].contains("feature 1 (cell x): cell code"), lines[1])
        XCTAssertTrue(lines[2].contains("feature 2 (cell \(S.a)): cell code \(S.a) is already used by feature 0"), lines[2])
        XCTAssertTrue(lines[3].contains("feature 3 (cell \(S.b)): community 320506001001 is named 别的社区"), lines[3])
    }
}
