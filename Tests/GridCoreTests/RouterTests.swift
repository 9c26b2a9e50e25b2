import GridCore
import XCTest

/// The router over a real map: by cell, by community, by location, and the fallback.
final class RouterTests: XCTestCase {
    typealias S = GridMapTestSupport
    let fallback = UnitCode("320506")!

    private func router() throws -> Router { Router(map: try S.smallMap(), fallback: fallback) }

    func testKnownCell() throws {
        let placement = try router().route(.cell(S.e))
        XCTAssertEqual(placement, .inCell(CellCode(S.e)!, method: .cell))
        XCTAssertEqual(placement.community?.rawValue, "320506001002")
        XCTAssertNil(placement.reason)
    }

    func testUnknownCellInKnownCommunity() throws {
        let placement = try router().route(.cell("320506001002099"))
        XCTAssertEqual(placement.method, .community)
        XCTAssertNil(placement.cell)
        XCTAssertEqual(placement.community?.rawValue, "320506001002")
        XCTAssertEqual(placement.street?.rawValue, "320506001")
        XCTAssertNotNil(placement.reason)
    }

    func testUnknownCellAndCommunityFallsBack() throws {
        let placement = try router().route(.cell("320506009009001"))
        XCTAssertEqual(placement.method, .fallback)
        XCTAssertEqual(placement.district, fallback)
        XCTAssertEqual(placement.lowestUnit, fallback)
        XCTAssertEqual(placement.reason, "cell 320506009009001 and its community are not in the grid map")
    }

    func testBadCellIsRefused() throws {
        XCTAssertThrowsError(try router().route(.cell("12345"))) {
            XCTAssertEqual(($0 as? GridError)?.code, .badCell)
        }
    }

    func testCommunity() throws {
        let placement = try router().route(.community("320506001001"))
        XCTAssertEqual(placement, .atUnit(UnitCode("320506001001")!, method: .community))
        XCTAssertThrowsError(try router().route(.community("320506009009"))) {
            XCTAssertEqual(($0 as? GridError)?.code, .unknownCommunity)
        }
        XCTAssertThrowsError(try router().route(.community("320506001"))) {
            XCTAssertEqual(($0 as? GridError)?.code, .badCommunity)
        }
    }

    func testLocation() throws {
        let inside = try router().route(.location(GeoPoint(lat: 30.25, lon: 120.75)))
        XCTAssertEqual(inside, .inCell(CellCode(S.h)!, method: .location))
        let outside = try router().route(.location(GeoPoint(lat: 35.0, lon: 120.75)))
        XCTAssertEqual(outside.method, .fallback)
        XCTAssertEqual(outside.lowestUnit, fallback)
        XCTAssertEqual(outside.reason, "location 35.0,120.75 is outside every grid cell")
    }

    func testEmptyMapFallsBackEverywhere() throws {
        let router = Router(map: GridMap(), fallback: fallback)
        XCTAssertEqual(try router.route(.location(GeoPoint(lat: 30.25, lon: 120.75))).method, .fallback)
        XCTAssertEqual(try router.route(.cell(S.a)).method, .fallback)
    }
}
