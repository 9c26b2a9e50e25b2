import GridCore
import GridFixtures
import XCTest

/// The spatial index against brute force on a generated 10,000-cell map.
final class GridMapSyntheticTests: XCTestCase {
    /// Built once: generating and loading 10,000 cells is the slow part in a debug build.
    nonisolated(unsafe) static var shared: (grid: SyntheticGrid, map: GridMap)?

    private func bigMap() throws -> (grid: SyntheticGrid, map: GridMap) {
        if let shared = Self.shared { return shared }
        let grid = SyntheticGrid(cells: 10_000)
        let map = try GridMap.load(geoJSON: grid.geoJSONBytes(), source: "synthetic")
        Self.shared = (grid, map)
        return (grid, map)
    }

    func testGeneratorIsDeterministicAndValid() throws {
        let one = SyntheticGrid(cells: 300, seed: 7), two = SyntheticGrid(cells: 300, seed: 7)
        XCTAssertEqual(one.geoJSONBytes(), two.geoJSONBytes())
        XCTAssertNotEqual(one.geoJSONBytes(), SyntheticGrid(cells: 300, seed: 8).geoJSONBytes())
        XCTAssertEqual(one.randomPoints(10, seed: 1), two.randomPoints(10, seed: 1))
        for count in [16, 17, 37, 300, 1001] {
            let grid = SyntheticGrid(cells: count)
            let map = try GridMap.load(geoJSON: grid.geoJSONBytes(), source: "synthetic \(count)")
            XCTAssertEqual(map.cellCount, count)
            XCTAssertFalse(grid.holes.isEmpty)
            XCTAssertFalse(grid.multiPolygons.isEmpty)
        }
    }

    func testIndexAgreesWithBruteForce() throws {
        let (grid, map) = try bigMap()
        XCTAssertEqual(map.cellCount, 10_000)
        XCTAssertGreaterThan(map.units(at: .community).count, 200)
        XCTAssertGreaterThan(map.units(at: .district).count, 1)
        var inside = 0
        for point in grid.randomPoints(20_000, seed: 42) {
            let claims = map.cellsContainingByBruteForce(point)
            XCTAssertLessThanOrEqual(claims.count, 1, "overlap at \(point): \(claims)")
            let found = map.cell(containing: point)
            if found != claims.first {
                XCTFail("\(point): index says \(String(describing: found)), brute force \(claims)")
                return
            }
            if found != nil { inside += 1 }
        }
        XCTAssertGreaterThan(inside, 19_000, "the ragged edge leaves only a thin margin outside")
        XCTAssertLessThan(inside, 20_000)
    }

    func testHolesAndMultiPolygonsOfTheGeneratedMap() throws {
        let (grid, map) = try bigMap()
        XCTAssertEqual(grid.holes.count, 200)
        for hole in grid.holes { XCTAssertEqual(map.cell(containing: hole.point), hole.filler) }
        XCTAssertGreaterThan(grid.multiPolygons.count, 100)
        for multi in grid.multiPolygons { XCTAssertEqual(map.cell(containing: multi.pointInSecondPart), multi.cell) }
    }

    func testSharedVerticesOfTheGeneratedMapGoToOneCell() throws {
        let grid = SyntheticGrid(cells: 400, seed: 3)
        let map = try GridMap.load(geoJSON: grid.geoJSON(), source: "synthetic")
        let shuffled = try GridMap.load(geoJSON: grid.geoJSON(shuffleSeed: 99), source: "synthetic shuffled")
        var vertices: [GeoPoint] = []
        for feature in grid.features {
            guard case .array(let parts)? = feature.objectValue?["geometry"]?.objectValue?["coordinates"] else { continue }
            func collect(_ value: JSONValue) {
                guard let array = value.arrayValue else { return }
                if array.count == 2, let lon = array[0].doubleValue, let lat = array[1].doubleValue {
                    vertices.append(GeoPoint(lat: lat, lon: lon))
                } else {
                    array.forEach(collect)
                }
            }
            parts.forEach(collect)
        }
        XCTAssertGreaterThan(vertices.count, 1000)
        for vertex in vertices {
            let claims = map.cellsContainingByBruteForce(vertex)
            XCTAssertLessThanOrEqual(claims.count, 1, "\(vertex): \(claims)")
            XCTAssertEqual(map.cell(containing: vertex), claims.first)
            XCTAssertEqual(shuffled.cell(containing: vertex), claims.first)
        }
    }
}
