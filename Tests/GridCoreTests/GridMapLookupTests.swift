import GridCore
import GridFixtures
import XCTest

/// Point-in-polygon on a small exact map: holes, MultiPolygons, shared edges and vertices.
final class GridMapLookupTests: XCTestCase {
    typealias S = GridMapTestSupport

    private func cell(_ map: GridMap, _ lon: Double, _ lat: Double) -> String? {
        map.cell(containing: GeoPoint(lat: lat, lon: lon))?.rawValue
    }

    func testInteriorPointsHolesAndMultiPolygons() throws {
        let map = try S.smallMap()
        XCTAssertEqual(map.cellCount, 6)
        XCTAssertEqual(cell(map, 120.25, 30.25), S.a, "first part of the MultiPolygon")
        XCTAssertEqual(cell(map, 121.25, 30.25), S.a, "second part of the MultiPolygon")
        XCTAssertEqual(cell(map, 120.55, 30.25), S.b, "B outside its hole")
        XCTAssertEqual(cell(map, 120.75, 30.25), S.h, "in B's hole: the cell filling it, not B")
        XCTAssertEqual(cell(map, 120.75, 30.75), S.e)
        XCTAssertEqual(cell(map, 121.4, 30.9), S.f)
    }

    func testPointsOutsideAreNil() throws {
        let map = try S.smallMap()
        for (lon, lat) in [(119.9, 30.25), (121.6, 30.25), (120.75, 29.9), (120.75, 31.1), (0.0, 0.0), (-170.0, -80.0)] {
            XCTAssertNil(cell(map, lon, lat), "\(lon),\(lat)")
        }
        XCTAssertNil(cell(map, .nan, 30.25))
        XCTAssertNil(cell(map, 120.25, .infinity))
        XCTAssertNil(GridMap().cell(containing: GeoPoint(lat: 30.25, lon: 120.25)))
    }

    /// Boundary points and the cell the documented rule gives them (east of north–south edges,
    /// north of east–west edges, north-east of vertices; outer west/south edges inside).
    static let boundaryCases: [(lon: Double, lat: Double, expected: String?)] = [
        (120.5, 30.25, S.b),  // A | B
        (121.0, 30.25, S.a),  // B | A (second part)
        (120.5, 30.75, S.e),  // D | E
        (120.75, 30.5, S.e),  // B / E
        (120.25, 30.5, S.d),  // A / D
        (120.5, 30.5, S.e),  // vertex of A, B, D, E
        (121.0, 30.5, S.f),  // vertex of B, A, E, F
        (120.6, 30.25, S.h),  // hole's west edge: H is east of it
        (120.9, 30.25, S.b),  // hole's east edge: B is east of it
        (120.75, 30.1, S.h),  // hole's south edge: H is north of it
        (120.75, 30.4, S.b),  // hole's north edge: B is north of it
        (120.6, 30.1, S.h),  // hole's south-west corner
        (120.9, 30.4, S.b),  // hole's north-east corner
        (120.0, 30.25, S.a),  // outer west edge: inside
        (120.25, 30.0, S.a),  // outer south edge: inside
        (120.0, 30.0, S.a),  // outer south-west corner
        (121.5, 30.25, nil),  // outer east edge: outside
        (120.25, 31.0, nil),  // outer north edge: outside
        (121.5, 31.0, nil),
    ]

    func testSharedEdgesAndVerticesGoToExactlyOneCell() throws {
        let map = try S.smallMap()
        for (lon, lat, expected) in Self.boundaryCases {
            let point = GeoPoint(lat: lat, lon: lon)
            let claims = map.cellsContainingByBruteForce(point).map(\.rawValue)
            XCTAssertEqual(claims, expected.map { [$0] } ?? [], "cells claiming \(point)")
            for _ in 0..<3 { XCTAssertEqual(map.cell(containing: point)?.rawValue, expected, "\(point)") }
        }
    }

    func testSameAnswersWhateverTheFeatureOrder() throws {
        let reference = try S.smallMap()
        var features = S.smallMapFeatures
        var orders = [Array(features.reversed())]
        for seed in 1...4 as ClosedRange<UInt64> {
            var random = SplitMix64(seed: seed)
            features.shuffle(using: &random)
            orders.append(features)
        }
        let points = Self.boundaryCases.map { GeoPoint(lat: $0.lat, lon: $0.lon) } + [GeoPoint(lat: 30.75, lon: 120.75)]
        for order in orders {
            let map = try S.smallMap(features: order)
            XCTAssertEqual(map.cells, reference.cells)
            for point in points { XCTAssertEqual(map.cell(containing: point), reference.cell(containing: point)) }
        }
    }

    /// A slanted shared edge: points computed on it (up to rounding) still go to exactly one cell,
    /// and to the same one whichever way each ring walks the edge.
    func testSlantedSharedEdge() throws {
        let west = S.ring([(120.0, 30.0), (120.37, 30.0), (120.61, 30.9), (120.0, 30.9), (120.0, 30.0)])
        let eastCW = S.ring([(120.37, 30.0), (120.61, 30.9), (121.0, 30.9), (121.0, 30.0), (120.37, 30.0)])
        let eastCCW = S.ring([(120.37, 30.0), (121.0, 30.0), (121.0, 30.9), (120.61, 30.9), (120.37, 30.0)])
        for east in [eastCW, eastCCW] {
            let map = try GridMap.load(
                geoJSON: S.collection([S.feature(S.a, S.polygon(west)), S.feature(S.b, S.polygon(east))]),
                source: "slant")
            for step in 0...200 {
                let t = Double(step) / 200
                let point = GeoPoint(lat: 30.0 + 0.9 * t, lon: 120.37 + 0.24 * t)
                let claims = map.cellsContainingByBruteForce(point)
                if step < 200 {
                    XCTAssertEqual(claims.count, 1, "\(point) claimed by \(claims)")
                }
                XCTAssertEqual(map.cell(containing: point), claims.first)
            }
        }
    }

    func testOverlappingCellsResolveToTheSmallerCode() throws {
        let map = try GridMap.load(
            geoJSON: S.collection([
                S.feature(S.e, S.polygon(S.square(120.0, 30.0, 121.0, 31.0))),
                S.feature(S.b, S.polygon(S.square(120.5, 30.5, 121.5, 31.5))),
            ]), source: "overlap")
        XCTAssertEqual(cell(map, 120.75, 30.75), S.b)
        XCTAssertEqual(cell(map, 120.25, 30.25), S.e)
    }

    func testUnitsAndCellInfo() throws {
        let map = try S.smallMap()
        XCTAssertEqual(map.unit(UnitCode("320506001001")!), UnitInfo(code: UnitCode("320506001001")!, name: "社区001"))
        XCTAssertEqual(map.unit(UnitCode("320506001")!)?.name, "街道001")
        XCTAssertEqual(map.unit(UnitCode("320506")!)?.name, "区320506")
        XCTAssertNil(map.unit(UnitCode("320506001003")!))
        XCTAssertEqual(map.units(at: .community).map(\.code.rawValue), ["320506001001", "320506001002"])
        XCTAssertEqual(map.units(at: .street).count, 1)
        XCTAssertEqual(map.units(at: .district).count, 1)
        XCTAssertEqual(map.cells(in: UnitCode("320506001002")!).map(\.rawValue), [S.d, S.e, S.f])
        XCTAssertTrue(map.contains(cell: CellCode(S.h)!))
        XCTAssertFalse(map.contains(cell: CellCode("320506001001009")!))
        XCTAssertEqual(map.bounds, GeoBounds(minLat: 30.0, minLon: 120.0, maxLat: 31.0, maxLon: 121.5))
    }
}
