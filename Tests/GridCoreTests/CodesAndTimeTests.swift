import XCTest

@testable import GridCore

final class CodesAndTimeTests: XCTestCase {
    func testCellCodeHierarchy() throws {
        let cell = try CellCode(validating: "320506001002015")
        XCTAssertEqual(cell.community.rawValue, "320506001002")
        XCTAssertEqual(cell.street.rawValue, "320506001")
        XCTAssertEqual(cell.district.rawValue, "320506")
        XCTAssertEqual(cell.city.rawValue, "320500")
        XCTAssertEqual(cell.community.tier, .community)
        XCTAssertEqual(cell.city.tier, .city)
        XCTAssertEqual(cell.district.parent, cell.city)
        XCTAssertTrue(cell.street.contains(cell.community))
        XCTAssertTrue(cell.city.contains(cell))
        XCTAssertFalse(UnitCode("320508001")!.contains(cell))
    }

    func testMalformedCodesAreRefusedWithAReason() {
        for text in ["", "32050600100201", "3205060010020155", "32050600100201x", "000000001002015", "320500001002015",
            "320506000002015", "320506001000015", "320506001002000"]
        {
            XCTAssertNil(CellCode(text), text)
        }
        XCTAssertThrowsError(try CellCode(validating: "320506001002000")) { error in
            XCTAssertTrue("\(error)".contains("cell sequence"), "\(error)")
        }
        XCTAssertNil(UnitCode("3205"))
        XCTAssertNil(UnitCode("320000"))
        XCTAssertNotNil(UnitCode("320500"))
    }

    func testRFC3339RoundTrip() throws {
        let time = try XCTUnwrap(Timestamp(rfc3339: "2026-02-14T08:30:00.250+08:00"))
        XCTAssertEqual(time.description, "2026-02-14T00:30:00.250Z")
        XCTAssertEqual(time.rfc3339(utcOffsetSeconds: 8 * 3600), "2026-02-14T08:30:00.250+08:00")
        XCTAssertEqual(Timestamp(rfc3339: "1970-01-01T00:00:00Z")?.milliseconds, 0)
        XCTAssertEqual(Timestamp(rfc3339: "1969-12-31T23:59:59.999Z")?.milliseconds, -1)
        XCTAssertEqual(Timestamp(milliseconds: -1).description, "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(Timestamp(rfc3339: "2024-02-29T12:00:00z")?.description, "2024-02-29T12:00:00.000Z")
        for bad in ["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "2026-01-01T25:00:00Z", "yesterday"] {
            XCTAssertNil(Timestamp(rfc3339: bad), bad)
        }
    }

    func testCivilDates() {
        XCTAssertEqual(CivilDate(iso: "2026-10-01")?.weekday, 4)  // a Thursday
        XCTAssertEqual(CivilDate(daysSinceEpoch: 0), CivilDate(year: 1970, month: 1, day: 1))
        let date = CivilDate(year: 2000, month: 2, day: 29)
        XCTAssertEqual(CivilDate(daysSinceEpoch: date.daysSinceEpoch), date)
    }
}
