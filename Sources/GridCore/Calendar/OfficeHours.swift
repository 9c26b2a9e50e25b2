/// The office hours of a working day, as local wall-clock intervals (e.g. 08:30–12:00 and
/// 14:30–18:00 with a lunch break in between).
///
/// It exists so that working-time arithmetic has one validated description of the day:
/// intervals are non-empty, inside the day (`24:00` may end the last one), in the order of the
/// day, and neither overlap nor touch (write `08:30-18:00`, not `08:30-12:00, 12:00-18:00`).
public struct OfficeHours: Sendable, Hashable, CustomStringConvertible {
    /// One interval in seconds since local midnight: `start` counts, `end` is where it stops.
    public struct Interval: Sendable, Hashable, CustomStringConvertible {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// `hours:minutes` (seconds too when not zero) on each side, e.g. `08:30-12:00`.
        public var description: String { "\(OfficeHours.clock(start))-\(OfficeHours.clock(end))" }
    }

    public let intervals: [Interval]

    /// The seconds in a day; `24:00` is the only time equal to it.
    public static let secondsPerDay = 86_400

    /// 08:30–12:00 and 14:30–18:00 (7 hours), the usual office day of a Chinese city government.
    public static let standard = OfficeHours(checked: [
        Interval(start: 8 * 3600 + 1800, end: 12 * 3600),
        Interval(start: 14 * 3600 + 1800, end: 18 * 3600),
    ])

    /// Validates the intervals (see the type's documentation).
    public init(_ intervals: [Interval]) throws(ValueSyntaxError) {
        guard !intervals.isEmpty else { throw ValueSyntaxError("office hours are empty; expected intervals such as 08:30-12:00, 14:30-18:00") }
        for (index, interval) in intervals.enumerated() {
            guard interval.start >= 0, interval.end <= Self.secondsPerDay else {
                throw ValueSyntaxError("office hours \(interval) are not inside the day (00:00 to 24:00)")
            }
            guard interval.start < interval.end else {
                throw ValueSyntaxError("office hours \(interval) end before they start; intervals cannot span midnight")
            }
            guard index > 0 else { continue }
            let previous = intervals[index - 1]
            if interval.start < previous.start {
                throw ValueSyntaxError("office hours \(interval) come after \(previous); list the intervals in the order of the day")
            }
            if interval.start < previous.end {
                throw ValueSyntaxError("office hours \(previous) and \(interval) overlap")
            }
            if interval.start == previous.end {
                throw ValueSyntaxError(
                    "office hours \(previous) and \(interval) touch; write them as one interval "
                        + Interval(start: previous.start, end: interval.end).description)
            }
        }
        self.intervals = intervals
    }

    private init(checked intervals: [Interval]) { self.intervals = intervals }

    /// The length of a normal working day's office hours, in milliseconds: the length of `1wd`.
    public var dayMilliseconds: Int64 { Int64(intervals.reduce(0) { $0 + $1.end - $1.start }) * 1000 }

    /// The form `parse` reads, e.g. `08:30-12:00, 14:30-18:00`.
    public var description: String { intervals.map(\.description).joined(separator: ", ") }

    /// Parses `08:30-12:00, 14:30-18:00`: intervals `HH:MM-HH:MM` (or `HH:MM:SS`, or an en dash),
    /// separated by commas and/or blanks; `24:00` may end an interval.
    public static func parse(_ text: String) -> Result<OfficeHours, ValueSyntaxError> {
        let expected = "expected intervals such as 08:30-12:00, 14:30-18:00"
        let normalized = String(text.map { $0 == "–" || $0 == "~" ? "-" : $0 })
        let pieces = normalized.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "，" })
        // Allow blanks around the dash: `08:30 - 12:00`.
        var tokens: [String] = []
        for piece in pieces.map(String.init) {
            if piece == "-" || piece.hasPrefix("-") || tokens.last?.hasSuffix("-") == true, let last = tokens.popLast() {
                tokens.append(last + piece)
            } else {
                tokens.append(piece)
            }
        }
        guard !tokens.isEmpty else { return .failure(ValueSyntaxError("office hours are empty; \(expected)")) }
        var intervals: [Interval] = []
        for token in tokens {
            let ends = token.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let start = clockSeconds(String(ends[0])), let end = clockSeconds(String(ends[1])),
                start < secondsPerDay
            else {
                return .failure(ValueSyntaxError("office hours \(ConfigText.quoted(text)): invalid interval \(ConfigText.quoted(token)); \(expected)"))
            }
            intervals.append(Interval(start: start, end: end))
        }
        do {
            return .success(try OfficeHours(intervals))
        } catch {
            return .failure(ValueSyntaxError("office hours \(ConfigText.quoted(text)): \(error.message)"))
        }
    }

    /// `H:MM`, `HH:MM` or `HH:MM:SS` as seconds since midnight; `24:00` (and `24:00:00`) is allowed.
    static func clockSeconds(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts[0].count == 1 || parts[0].count == 2, parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        let hour = Int(parts[0])!, minute = Int(parts[1])!, second = parts.count == 3 ? Int(parts[2])! : 0
        guard minute < 60, second < 60, hour < 24 || (hour == 24 && minute == 0 && second == 0) else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    static func clock(_ seconds: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let base = "\(two(seconds / 3600)):\(two(seconds / 60 % 60))"
        return seconds % 60 == 0 ? base : base + ":\(two(seconds % 60))"
    }
}
