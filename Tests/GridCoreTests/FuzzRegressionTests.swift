import XCTest

@testable import GridCore

/// Every input a fuzz target (Fuzz/, scripts/fuzz.sh) crashed or hung on, kept as a test. The
/// same inputs are in Fuzz/seeds/TARGET/ so the fuzzers start from them too.
final class FuzzRegressionTests: XCTestCase {
    /// report-decoder, first run: a fraction of more than 3 digits (micro- or nanoseconds, as Go's
    /// RFC3339Nano writes) built the range `digits..<3` with digits > 3 and trapped, so one
    /// `reported_at` in a submit or a spool file crashed gridd.
    func testATimeWithMoreThanThreeFractionDigitsParses() throws {
        let cases: [(String, String)] = [
            ("2026-05-01t09:00:00.123456789-05:30", "2026-05-01T14:30:00.123Z"),
            ("2026-05-01T09:00:00.1234Z", "2026-05-01T09:00:00.123Z"),
            ("2026-05-01T09:00:00.999999+08:00", "2026-05-01T01:00:00.999Z"),
            ("2026-05-01T09:00:00." + String(repeating: "9", count: 5000) + "Z", "2026-05-01T09:00:00.999Z"),
            ("2026-05-01T09:00:00.5Z", "2026-05-01T09:00:00.500Z"),
            ("2026-05-01T09:00:00.25Z", "2026-05-01T09:00:00.250Z"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(Timestamp(rfc3339: text)?.description, expected, text)
        }
        let report = try ReportDecoder().decode(
            try JSONParser.parse(#"{"category":"0102","cell":"320506002001006","reported_at":"2026-05-01T09:00:00.123456789+08:00"}"#))
        XCTAssertEqual(report.reportedAt?.description, "2026-05-01T01:00:00.123Z")
    }

    /// report-decoder: an offset that moves a time out of years 0000–9999 in UTC was accepted and
    /// printed wrongly ("9999-12-31T23:59:00-05:30" became "0000-01-01T05:29:00.000Z").
    func testATimeOutsideYears0000To9999InUTCIsRefused() {
        XCTAssertNil(Timestamp(rfc3339: "9999-12-31T23:59:00.123456789-05:30"))
        XCTAssertNil(Timestamp(rfc3339: "0000-01-01T00:00:00+00:01"))
        XCTAssertEqual(Timestamp(rfc3339: "9999-12-31T23:59:59.999Z")?.description, "9999-12-31T23:59:59.999Z")
        XCTAssertEqual(Timestamp(rfc3339: "0000-01-01T00:00:00Z")?.description, "0000-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp(rfc3339: "9999-12-31T23:59:00+05:30")?.description, "9999-12-31T18:29:00.000Z")
        XCTAssertThrowsError(try ReportDecoder().decode(
            try JSONParser.parse(#"{"category":"0102","cell":"320506002001006","reported_at":"9999-12-31T23:59:00-05:30"}"#))) { error in
            XCTAssertEqual((error as? GridError)?.code, .badTime)
        }
    }
}
