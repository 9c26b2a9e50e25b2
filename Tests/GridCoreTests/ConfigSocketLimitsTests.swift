import XCTest

@testable import GridCore

/// `RequestTimeout=`, `ReservedConnections=`, `StopTimeout=` and `MaxBatch=` of `[Limits]`: defaults, values,
/// resets and the diagnostics for bad values.
final class ConfigSocketLimitsTests: XCTestCase, ConfigSnippetTesting {
    static let base = ConfigSnippetBase.gridCategoryAndPolicy

    func testDefaultsValuesAndResets() throws {
        let defaults = try XCTUnwrap(config(""))
        XCTAssertEqual(defaults.limits.requestTimeoutMilliseconds, 5_000)
        XCTAssertEqual(defaults.limits.reservedConnections, 8)
        let set = try XCTUnwrap(config("[Limits]\nRequestTimeout=1500ms\nReservedConnections=0"))
        XCTAssertEqual(set.limits.requestTimeoutMilliseconds, 1_500)
        XCTAssertEqual(set.limits.reservedConnections, 0)
        let reset = try XCTUnwrap(config("[Limits]\nRequestTimeout=2s\nRequestTimeout=\nReservedConnections=3\nReservedConnections="))
        XCTAssertEqual(reset.limits.requestTimeoutMilliseconds, 5_000)
        XCTAssertEqual(reset.limits.reservedConnections, 8)
    }

    func testBadValuesAreReportedWithTheirLines() {
        XCTAssertEqual(problems("[Limits]\nRequestTimeout=0\nRequestTimeout=soon\nReservedConnections=-1\nRequestTimout=5s"), [
            "c.conf:12: RequestTimeout=0: expected a duration greater than zero",
            "c.conf:13: RequestTimeout=soon: invalid duration \"soon\"; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min",
            "c.conf:14: ReservedConnections=-1: expected a whole number from 0 to 1000000",
            "c.conf:15: unknown key RequestTimout= in [Limits]; did you mean RequestTimeout=?",
        ])
    }

    func testStopTimeoutIsADurationGreaterThanZero() throws {
        XCTAssertEqual(try XCTUnwrap(config("")).limits.stopTimeoutMilliseconds, 24_000)
        XCTAssertEqual(try XCTUnwrap(config("[Limits]\nStopTimeout=10s")).limits.stopTimeoutMilliseconds, 10_000)
        XCTAssertEqual(try XCTUnwrap(config("[Limits]\nStopTimeout=10s\nStopTimeout=")).limits.stopTimeoutMilliseconds, 24_000)
        XCTAssertEqual(problems("[Limits]\nStopTimeout=0"), ["c.conf:12: StopTimeout=0: expected a duration greater than zero"])
    }

    func testMaxBatchIsACountWithADefaultOf500() throws {
        XCTAssertEqual(try XCTUnwrap(config("")).limits.maxBatch, 500)
        XCTAssertEqual(try XCTUnwrap(config("[Limits]\nMaxBatch=50")).limits.maxBatch, 50)
        XCTAssertEqual(try XCTUnwrap(config("[Limits]\nMaxBatch=50\nMaxBatch=")).limits.maxBatch, 500)
        XCTAssertEqual(problems("[Limits]\nMaxBatch=0"), ["c.conf:12: MaxBatch=0: expected a whole number from 1 to 100000"])
    }
}
