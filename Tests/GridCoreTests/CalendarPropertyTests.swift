import XCTest
@testable import GridCore

/// Randomized properties of working-time deadlines, with a fixed seed so failures reproduce:
/// the working time from a start to its deadline is the duration, the deadline is never inside
/// a non-working period (it lies in (interval start, interval end] of an office interval), and
/// longer durations never give earlier deadlines.
final class CalendarPropertyTests: XCTestCase {
    /// SplitMix64: small, fast and good enough to spread test inputs.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func check(_ calendar: WorkingCalendar, seed: UInt64, from: String, to: String, iterations: Int) throws {
        var random = SeededGenerator(state: seed)
        let low = CalendarFixtures.time(from).milliseconds, high = CalendarFixtures.time(to).milliseconds
        for _ in 0..<iterations {
            var start = Timestamp(milliseconds: Int64.random(in: low..<high, using: &random))
            if Bool.random(using: &random) {  // whole minutes hit interval boundaries often
                start = Timestamp(milliseconds: start.milliseconds - start.milliseconds % 60_000)
            }
            let duration: Int64 = switch Int.random(in: 0..<4, using: &random) {
            case 0: Int64.random(in: 0...1000, using: &random)
            case 1: Int64.random(in: 0...8, using: &random) * 1_800_000
            case 2: Int64.random(in: 0...(30 * 3_600_000), using: &random)
            default: Int64.random(in: 0...(25 * 7 * 3_600_000), using: &random)
            }
            let deadline = try calendar.adding(.working(duration), to: start)
            let context = "start \(start), \(PolicyDuration.working(duration)) → \(deadline)"
            XCTAssertEqual(calendar.workingMilliseconds(from: start, to: deadline), duration, context)
            if duration == 0 {
                XCTAssertEqual(deadline, start, context)
                continue
            }
            XCTAssertGreaterThan(deadline, start, context)
            let date = calendar.localDate(at: deadline)
            let candidates = calendar.workingIntervals(on: date)
                + calendar.workingIntervals(on: CivilDate(daysSinceEpoch: date.daysSinceEpoch - 1))
            XCTAssertTrue(candidates.contains { $0.start < deadline && deadline <= $0.end }, "not in office hours: \(context)")
            let shorter = try calendar.adding(.working(duration - 1), to: start)
            XCTAssertLessThan(shorter, deadline, context)
        }
    }

    func testShanghai2026() throws {
        try check(CalendarFixtures.shanghai, seed: 2026, from: "2025-12-20T00:00:00+08:00", to: "2027-01-10T00:00:00+08:00", iterations: 400)
    }

    func testBerlinAroundDST() throws {
        let berlin = CalendarFixtures.calendar("Europe/Berlin", office: "01:00-04:00, 08:00-16:00", weekend: "Sun")
        try check(berlin, seed: 49, from: "2026-03-20T00:00:00Z", to: "2026-04-05T00:00:00Z", iterations: 200)
        try check(berlin, seed: 1025, from: "2026-10-18T00:00:00Z", to: "2026-11-01T00:00:00Z", iterations: 200)
    }
}
