import XCTest
@testable import GridCore

final class ConfigValueSyntaxTests: XCTestCase {
    func ms(_ text: String) -> Int64? { try? DurationSyntax.milliseconds(text).get() }
    func durationError(_ text: String) -> String? {
        if case .failure(let error) = DurationSyntax.milliseconds(text) { return error.message }
        return nil
    }
    func bytes(_ text: String) -> Int64? { try? SizeSyntax.parse(text).get() }
    func sizeError(_ text: String) -> String? {
        if case .failure(let error) = SizeSyntax.parse(text) { return error.message }
        return nil
    }

    func testDurations() {
        XCTAssertEqual(ms("30s"), 30_000)
        XCTAssertEqual(ms("500ms"), 500)
        XCTAssertEqual(ms("5min"), 300_000)
        XCTAssertEqual(ms("5m"), 300_000)
        XCTAssertEqual(ms("2h"), 7_200_000)
        XCTAssertEqual(ms("1d"), 86_400_000)
        XCTAssertEqual(ms("1w"), 604_800_000)
        XCTAssertEqual(ms("1h30min"), 5_400_000)
        XCTAssertEqual(ms("1h 30min 15s"), 5_415_000)
        XCTAssertEqual(ms("2 hours"), 7_200_000)
        XCTAssertEqual(ms("1.5h"), 5_400_000)
        XCTAssertEqual(ms("0.5s"), 500)
        XCTAssertEqual(ms("45"), 45_000)
        XCTAssertEqual(ms(" 10sec "), 10_000)
        XCTAssertEqual(ms("0"), 0)
    }

    func testInvalidDurations() {
        XCTAssertEqual(durationError(""), "empty duration; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min")
        XCTAssertEqual(durationError("-5s"), "negative duration \"-5s\"; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min")
        XCTAssertEqual(durationError("soon"), "invalid duration \"soon\"; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min")
        XCTAssertEqual(durationError("5 fortnights"),
                       "duration \"5 fortnights\": unknown unit \"fortnights\"; units are ms, s, min, h, d, w")
        XCTAssertEqual(durationError("5hrs"),
                       "duration \"5hrs\": unknown unit \"hrs\" (did you mean hr?); units are ms, s, min, h, d, w")
        XCTAssertEqual(durationError("1h30"),
                       "duration \"1h30\": missing unit after 30; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min")
        XCTAssertEqual(durationError("1h1h"), "duration \"1h1h\": unit h given twice")
        XCTAssertEqual(durationError("0.5ms"), "duration \"0.5ms\": 0.5ms is not a whole number of milliseconds")
        XCTAssertEqual(durationError("99999999999999999w"), "duration \"99999999999999999w\" is too large")
        XCTAssertNotNil(durationError("1..5s"))
        XCTAssertNotNil(durationError("."))
        XCTAssertNotNil(durationError("5s!"))
    }

    func testDurationSyntaxIsExtensibleWithOtherBases() throws {
        let working = DurationBase("working")
        let workingDays = DurationBase("workingDays")
        let syntax = DurationSyntax.calendar.adding([
            .init(symbols: ["wh"], base: working, scale: 3_600_000),
            .init(symbols: ["wd"], base: workingDays, scale: 1),
        ])
        let amount = try syntax.parse("1wd4wh").get()
        XCTAssertEqual(amount.components, [workingDays: 1, working: 14_400_000])
        XCTAssertEqual(amount.calendarMilliseconds, 0)
        XCTAssertEqual(amount.bases, [working, workingDays])
        XCTAssertEqual(try syntax.parse("2h").get().calendarMilliseconds, 7_200_000)
        XCTAssertEqual(try syntax.parse("0.5wh").get().components, [working: 1_800_000])
        if case .failure(let error) = syntax.parse("0.5wd") {
            XCTAssertEqual(error.message, "duration \"0.5wd\": 0.5wd is not a whole number of wd")
        } else {
            XCTFail("0.5wd should not parse")
        }
        // The plain calendar syntax does not know them.
        XCTAssertNil(ms("1wd"))
        // Redefining a symbol replaces it.
        let redefined = DurationSyntax.calendar.adding([.init(symbols: ["w"], base: working, scale: 1)])
        XCTAssertEqual(try redefined.parse("3w").get().components, [working: 3])
        XCTAssertEqual(try redefined.parse("1week").get().calendarMilliseconds, 604_800_000)
    }

    func testDurationFormatRoundTrips() {
        XCTAssertEqual(DurationSyntax.format(milliseconds: 5_400_000), "1h30min")
        XCTAssertEqual(DurationSyntax.format(milliseconds: 30_000), "30s")
        XCTAssertEqual(DurationSyntax.format(milliseconds: 90_061_001), "1d1h1min1s1ms")
        XCTAssertEqual(DurationSyntax.format(milliseconds: 0), "0")
        for value: Int64 in [1, 999, 1000, 61_000, 86_400_000, 123_456_789] {
            XCTAssertEqual(ms(DurationSyntax.format(milliseconds: value)), value)
        }
    }

    func testSizes() {
        XCTAssertEqual(bytes("65536"), 65536)
        XCTAssertEqual(bytes("64K"), 65536)
        XCTAssertEqual(bytes("64k"), 65536)
        XCTAssertEqual(bytes("64KiB"), 65536)
        XCTAssertEqual(bytes("1M"), 1_048_576)
        XCTAssertEqual(bytes("1 MiB"), 1_048_576)
        XCTAssertEqual(bytes("2G"), 2_147_483_648)
        XCTAssertEqual(bytes("1T"), 1 << 40)
        XCTAssertEqual(bytes("512B"), 512)
        XCTAssertEqual(bytes("1.5K"), 1536)
        XCTAssertEqual(bytes("0"), 0)
    }

    func testInvalidSizes() {
        XCTAssertEqual(sizeError(""), "empty size; expected a size such as 65536, 64K, 64KiB or 1M")
        XCTAssertEqual(sizeError("-1K"), "negative size \"-1K\"; expected a size such as 65536, 64K, 64KiB or 1M")
        XCTAssertEqual(sizeError("lots"), "invalid size \"lots\"; expected a size such as 65536, 64K, 64KiB or 1M")
        XCTAssertEqual(sizeError("64KB"), "size \"64KB\": KB is ambiguous; write 64K or 64KiB (powers of 1024)")
        XCTAssertEqual(sizeError("64X"), "size \"64X\": unknown unit \"X\"; units are B, K, M, G, T (or KiB, MiB, GiB, TiB)")
        XCTAssertEqual(sizeError("1.1B"), "size \"1.1B\" is not a whole number of bytes")
        XCTAssertEqual(sizeError("99999999999T"), "size \"99999999999T\" is too large")
    }

    func testSizeFormat() {
        XCTAssertEqual(SizeSyntax.format(bytes: 65536), "64K")
        XCTAssertEqual(SizeSyntax.format(bytes: 1_048_576), "1M")
        XCTAssertEqual(SizeSyntax.format(bytes: 1000), "1000")
        XCTAssertEqual(SizeSyntax.format(bytes: 0), "0")
    }
}
