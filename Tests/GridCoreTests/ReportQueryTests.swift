import XCTest

@testable import GridCore

/// The `report` request: strict decoding, and dates turned into a range in the calendar's zone.
final class ReportQueryTests: XCTestCase {
    private func decode(_ text: String) throws(RequestDecodingError) -> Request {
        try RequestDecoder().decode(try! JSONParser.parse(text))
    }

    private func refusal(_ text: String) -> GridError? {
        do throws(RequestDecodingError) {
            _ = try decode(text)
            return nil
        } catch {
            return error.error
        }
    }

    func testDecodesEveryField() throws {
        let request = try decode(
            #"{"id":1,"op":"report","unit":"320506","category":"0102","from":"2026-05-01","to":"2026-05-31T16:00:00Z","by":"community","register_limit":5}"#)
        XCTAssertEqual(request.opName, "report")
        XCTAssertEqual(request.operation, .report(ReportQuery(
            unit: UnitCode("320506"), category: "0102", from: .date(CivilDate(year: 2026, month: 5, day: 1)),
            to: .instant(Timestamp(rfc3339: "2026-05-31T16:00:00Z")!), groupBy: .community, registerLimit: 5)))
        XCTAssertEqual(try decode(#"{"id":2,"op":"report"}"#).operation, .report(ReportQuery()))
        // What gridctl sends decodes to the same query.
        let query = ReportQuery(unit: UnitCode("320506002"), from: .date(CivilDate(year: 2026, month: 6, day: 1)), groupBy: .street, registerLimit: 7)
        var fields = query.json
        fields["id"] = 3
        fields["op"] = "report"
        XCTAssertEqual(try decode(JSONValue.object(fields).serialized()).operation, .report(query))
    }

    func testRefusesWhatItDoesNotKnow() {
        XCTAssertEqual(refusal(#"{"id":1,"op":"report","format":"csv"}"#)?.code, .unknownField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"report","unit":"12345"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"report","category":"12"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"report","from":"yesterday"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"report","from":"2026-02-30"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"report","by":"city"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"report","register_limit":-1}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"report","to":5}"#)?.code, .invalidField)
    }

    func testDatesAreLocalDaysAndToIsInclusive() throws {
        let calendar = try WorkingCalendar()
        let now = Timestamp(rfc3339: "2026-06-15T10:00:00+08:00")!
        let may = ReportQuery(from: .date(CivilDate(year: 2026, month: 5, day: 1)), to: .date(CivilDate(year: 2026, month: 5, day: 31)))
        XCTAssertEqual(try may.range(calendar: calendar, now: now), ReportRange(
            from: Timestamp(rfc3339: "2026-05-01T00:00:00+08:00")!, to: Timestamp(rfc3339: "2026-06-01T00:00:00+08:00")!))
        // Defaults: from the start of the month to now.
        XCTAssertEqual(try ReportQuery().range(calendar: calendar, now: now), ReportRange(
            from: Timestamp(rfc3339: "2026-06-01T00:00:00+08:00")!, to: now))
        // Instants are taken as they are; an empty range is refused.
        let exact = ReportQuery(from: .instant(Timestamp(milliseconds: 1000)), to: .instant(Timestamp(milliseconds: 2000)))
        XCTAssertEqual(try exact.range(calendar: calendar, now: now), ReportRange(from: Timestamp(milliseconds: 1000), to: Timestamp(milliseconds: 2000)))
        let backwards = ReportQuery(from: .date(CivilDate(year: 2026, month: 6, day: 2)), to: .date(CivilDate(year: 2026, month: 6, day: 1)))
        XCTAssertThrowsError(try backwards.range(calendar: calendar, now: now)) { XCTAssertEqual(($0 as? GridError)?.code, .invalidField) }
        // The calendar's zone decides where a day starts.
        let berlin = try WorkingCalendar(timeZoneIdentifier: "Europe/Berlin")
        XCTAssertEqual(try may.range(calendar: berlin, now: now).from, Timestamp(rfc3339: "2026-05-01T00:00:00+02:00")!)
    }

    func testDefaultLevelIsOneBelowTheUnit() {
        XCTAssertEqual(ReportQuery().effectiveGroupBy, .district)
        XCTAssertEqual(ReportQuery(unit: UnitCode("320500")).effectiveGroupBy, .district)
        XCTAssertEqual(ReportQuery(unit: UnitCode("320506")).effectiveGroupBy, .street)
        XCTAssertEqual(ReportQuery(unit: UnitCode("320506002")).effectiveGroupBy, .community)
        XCTAssertEqual(ReportQuery(unit: UnitCode("320506002001")).effectiveGroupBy, .community)
        XCTAssertEqual(ReportQuery(unit: UnitCode("320506"), groupBy: .community).effectiveGroupBy, .community)
    }
}
