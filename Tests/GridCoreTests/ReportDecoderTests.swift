import XCTest

@testable import GridCore

final class ReportDecoderTests: XCTestCase {
    private let decoder = ReportDecoder()

    private func decode(_ text: String) throws -> Report {
        try decoder.decode(try JSONParser.parse(text))
    }

    private func assertRefused(_ text: String, _ code: GridError.Code, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try decode(text), file: file, line: line) { error in
            XCTAssertEqual((error as? GridError)?.code, code, "\(error)", file: file, line: line)
        }
    }

    func testDecodesAFullReport() throws {
        let report = try decode(
            """
            {"key":"dev-1#42","category":"0102","priority":"urgent","title":"垃圾堆积","description":"楼下垃圾三天未清",
             "location":{"lat":31.3,"lon":120.6},"address":"花园路12号","reporter":{"name":"张三","phone":"13812345678"},
             "reported_at":"2026-05-01T09:00:00+08:00"}
            """)
        XCTAssertEqual(report.key, "dev-1#42")
        XCTAssertEqual(report.category, "0102")
        XCTAssertEqual(report.priority, .urgent)
        XCTAssertEqual(report.place, .location(GeoPoint(lat: 31.3, lon: 120.6)))
        XCTAssertEqual(report.reporter, Report.Reporter(name: "张三", phone: "13812345678"))
        XCTAssertEqual(report.reportedAt, Timestamp(rfc3339: "2026-05-01T01:00:00Z"))
    }

    func testPlaceByCellAndByCommunity() throws {
        XCTAssertEqual(try decode(#"{"category":"0102","cell":"320506001001003"}"#).place, .cell("320506001001003"))
        XCTAssertEqual(try decode(#"{"category":"0102","community":"320506001001"}"#).place, .community("320506001001"))
    }

    /// A null place field is absent, like every other optional field (found by the bad-input
    /// corpus: `"location": null` alone was `missing_field` "community is required").
    func testANullPlaceFieldIsAbsent() throws {
        XCTAssertEqual(try decode(#"{"category":"0102","location":null,"cell":"320506001001003"}"#).place, .cell("320506001001003"))
        XCTAssertEqual(try decode(#"{"category":"0102","cell":null,"community":"320506001001"}"#).place, .community("320506001001"))
        assertRefused(#"{"category":"0102","location":null}"#, .noLocation)
        assertRefused(#"{"category":"0102","location":null,"cell":null,"community":null}"#, .noLocation)
    }

    func testEachKindOfBadInputHasItsCode() {
        assertRefused(#"{"category":"0102","cell":"320506001001003","colour":"red"}"#, .unknownField)
        assertRefused(#"{"cell":"320506001001003"}"#, .missingField)
        assertRefused(#"{"category":"12","cell":"320506001001003"}"#, .unknownCategory)
        assertRefused(#"{"category":"0102","priority":"asap","cell":"320506001001003"}"#, .badPriority)
        assertRefused(#"{"category":"0102","location":{"lat":91,"lon":120}}"#, .badLocation)
        assertRefused(#"{"category":"0102","location":{"lat":31,"lon":-181}}"#, .badLocation)
        assertRefused(#"{"category":"0102","location":{"lat":"31","lon":120}}"#, .badLocation)
        assertRefused(#"{"category":"0102","location":{"lat":31}}"#, .missingField)
        assertRefused(#"{"category":"0102","location":{"lat":31,"lon":120,"alt":3}}"#, .unknownField)
        assertRefused(#"{"category":"0102","cell":"32050600100100"}"#, .badCell)
        assertRefused(#"{"category":"0102","cell":"32050600100100A"}"#, .badCell)
        assertRefused(#"{"category":"0102","cell":"320506001001000"}"#, .badCell)
        assertRefused(#"{"category":"0102","community":"3205060010"}"#, .badCommunity)
        assertRefused(#"{"category":"0102"}"#, .noLocation)
        assertRefused(#"{"category":"0102","cell":"320506001001003","community":"320506001001"}"#, .badRequest)
        assertRefused(#"{"category":"0102","cell":"320506001001003","reported_at":"yesterday"}"#, .badTime)
        assertRefused(#"{"category":"0102","cell":"320506001001003","reporter":{"phone":"call me"}}"#, .invalidField)
        assertRefused(#"{"category":"0102","cell":"320506001001003","title":7}"#, .invalidField)
        assertRefused(#"{"category":"0102","cell":"320506001001003","key":""}"#, .invalidField)
        assertRefused(#"[1,2]"#, .badRequest)
    }

    func testTextLimitsCountCharactersNotBytes() throws {
        let limit = ReportLimits().title
        let atLimit = String(repeating: "垃", count: limit)
        XCTAssertEqual(try decode(#"{"category":"0102","cell":"320506001001003","title":"\#(atLimit)"}"#).title, atLimit)
        assertRefused(#"{"category":"0102","cell":"320506001001003","title":"\#(atLimit)x"}"#, .fieldTooLong)
        let description = String(repeating: "a", count: ReportLimits().description + 1)
        assertRefused(#"{"category":"0102","cell":"320506001001003","description":"\#(description)"}"#, .fieldTooLong)
    }

    func testPhoneMasking() {
        XCTAssertEqual(PhoneNumber.masked("13812345678"), "138****5678")
        XCTAssertEqual(PhoneNumber.masked("110"), "***")
    }
}
