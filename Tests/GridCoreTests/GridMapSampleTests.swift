import Foundation
import GridCore
import XCTest

/// The sample city map shipped in Config/grid.geojson (made by scripts/make-sample-grid.py).
final class GridMapSampleTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func sampleMap() throws -> GridMap {
        let url = Self.repoRoot.appendingPathComponent("Config/grid.geojson")
        let bytes = try Data(contentsOf: url)
        return try GridMap.load(geoJSON: bytes, source: "Config/grid.geojson")
    }

    func testSampleMapLoadsCleanly() throws {
        let map = try sampleMap()
        XCTAssertTrue((60...150).contains(map.cellCount), "\(map.cellCount) cells")
        XCTAssertTrue((8...12).contains(map.units(at: .community).count))
        XCTAssertTrue((4...6).contains(map.units(at: .street).count))
        XCTAssertEqual(map.units(at: .district).map(\.name), ["清河区", "临江区"])
        XCTAssertEqual(map.units(at: .district).map(\.code.rawValue), ["320506", "320508"])
    }

    /// The points scripts/make-sample-grid.py prints (the first three are the README tour's).
    func testReadmeSamplePoints() throws {
        let map = try sampleMap()
        for (lat, lon, cell) in GridMapSampleTests.readmePoints {
            XCTAssertEqual(map.cell(containing: GeoPoint(lat: lat, lon: lon))?.rawValue, cell, "\(lat),\(lon)")
        }
        XCTAssertNil(map.cell(containing: GeoPoint(lat: 31.2, lon: 120.6)), "south of the city")
    }

    static let readmePoints: [(Double, Double, String)] = [
        (31.29423, 120.59601, "320506002001006"),  // 桃源社区第6网格
        (31.30327, 120.60902, "320508002002003"),  // 金沙社区第3网格
        (31.29441, 120.58826, "320506001001001"),  // 花园社区第1网格, second part of its MultiPolygon
        (31.30470, 120.58986, "320506001002006"),  // 东湖社区第6网格, outside its hole
        (31.30546, 120.59078, "320506001002007"),  // 东湖社区第7网格, in the hole of 第6网格
    ]
}
