/// The time base a duration unit counts in. Calendar units (`s`, `min`, `h`, `d`) measure elapsed
/// wall-clock time in milliseconds; other bases let a caller add units that only a calendar can
/// turn into an instant, such as working hours (`wh`) counted against office hours.
public struct DurationBase: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Elapsed wall-clock time, in milliseconds.
    public static let calendar = DurationBase("calendar")

    public var description: String { rawValue }
}

/// A parsed duration: an amount per time base. `1h30min` is `[.calendar: 5_400_000]`;
/// with working-time units added, `1wd4wh` might be `[.workingDays: 1, .workingTime: 14_400_000]`.
public struct DurationAmount: Hashable, Sendable {
    public var components: [DurationBase: Int64]

    public init(_ components: [DurationBase: Int64] = [:]) { self.components = components }

    /// The calendar part in milliseconds (0 when there is none).
    public var calendarMilliseconds: Int64 { components[.calendar] ?? 0 }

    /// Whether every component is zero.
    public var isZero: Bool { components.values.allSatisfy { $0 == 0 } }

    /// The bases this amount uses (non-zero components).
    public var bases: Set<DurationBase> { Set(components.filter { $0.value != 0 }.keys) }
}

/// Why a duration or size did not parse; `message` says what was expected.
public struct ValueSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The duration syntax of systemd's time spans, e.g. `30s`, `500ms`, `5min`, `2h`, `1d`, `1w`,
/// and combinations `1h30min` or `1h 30min`; decimals such as `1.5h` work when they come to a whole
/// number of the base unit. A bare number (the whole value, no unit) means `defaultUnit` (seconds).
///
/// The unit table is data: `DurationSyntax.calendar.adding(...)` makes a syntax with extra units,
/// which is how the escalation policy adds working time:
///
/// ```swift
/// let policySyntax = DurationSyntax.calendar.adding([
///     .init(symbols: ["wh"], base: .init("working"), scale: 3_600_000),
///     .init(symbols: ["wd"], base: .init("workingDays"), scale: 1),
/// ])
/// policySyntax.parse("1wd4wh")  // [workingDays: 1, working: 14_400_000]
/// ```
public struct DurationSyntax: Sendable {
    /// One unit: the symbols that name it, the base it counts in, and how many base units it is.
    public struct Unit: Sendable, Equatable {
        public var symbols: [String]
        public var base: DurationBase
        public var scale: Int64

        public init(symbols: [String], base: DurationBase = .calendar, scale: Int64) {
            self.symbols = symbols
            self.base = base
            self.scale = scale
        }
    }

    public private(set) var units: [Unit]
    /// The unit a bare number is counted in (a symbol of one of `units`).
    public var defaultUnit: String

    public init(units: [Unit], defaultUnit: String) {
        self.units = units
        self.defaultUnit = defaultUnit
    }

    /// Calendar time: ms/msec, s/sec/second(s), m/min/minute(s), h/hr/hour(s), d/day(s), w/week(s).
    /// Bare numbers are seconds.
    public static let calendar = DurationSyntax(
        units: [
            Unit(symbols: ["ms", "msec"], scale: 1),
            Unit(symbols: ["s", "sec", "second", "seconds"], scale: 1000),
            Unit(symbols: ["min", "m", "minute", "minutes"], scale: 60_000),
            Unit(symbols: ["h", "hr", "hour", "hours"], scale: 3_600_000),
            Unit(symbols: ["d", "day", "days"], scale: 86_400_000),
            Unit(symbols: ["w", "week", "weeks"], scale: 604_800_000),
        ],
        defaultUnit: "s")

    /// This syntax with more units. A symbol already taken is redefined by the new unit.
    public func adding(_ extra: [Unit]) -> DurationSyntax {
        let taken = Set(extra.flatMap(\.symbols))
        var copy = self
        copy.units = units.compactMap { unit in
            var unit = unit
            unit.symbols.removeAll { taken.contains($0) }
            return unit.symbols.isEmpty ? nil : unit
        } + extra
        return copy
    }

    /// Every symbol, for messages ("expected a unit such as ...").
    public var symbols: [String] { units.map { $0.symbols[0] } }

    func unit(named symbol: String) -> Unit? { units.first { $0.symbols.contains(symbol) } }

    /// Parses `text` into an amount per base. Each unit may appear once.
    public func parse(_ text: String) -> Result<DurationAmount, ValueSyntaxError> {
        let chars = Array(ConfigText.trim(text).unicodeScalars)
        let expected = "expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min"
        guard !chars.isEmpty else { return .failure(ValueSyntaxError("empty duration; \(expected)")) }
        var amounts: [DurationBase: Int64] = [:]
        var seenUnits: Set<String> = []
        var index = 0
        var terms = 0
        while index < chars.count {
            while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
            if index == chars.count { break }
            // Number: digits, optional fraction.
            let numberStart = index
            while index < chars.count, ("0"..."9").contains(chars[index]) || chars[index] == "." { index += 1 }
            let number = String(String.UnicodeScalarView(chars[numberStart..<index]))
            guard let decimal = ConfigDecimal(number) else {
                if number.isEmpty, chars[numberStart] == "-" {
                    return .failure(ValueSyntaxError("negative duration \(ConfigText.quoted(text)); \(expected)"))
                }
                return .failure(ValueSyntaxError("invalid duration \(ConfigText.quoted(text)); \(expected)"))
            }
            while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
            let symbolStart = index
            while index < chars.count, chars[index].properties.isAlphabetic { index += 1 }
            var symbol = String(String.UnicodeScalarView(chars[symbolStart..<index]))
            terms += 1
            if symbol.isEmpty {
                // A bare number is allowed only as the whole value.
                guard terms == 1, index == chars.count else {
                    return .failure(ValueSyntaxError(
                        "duration \(ConfigText.quoted(text)): missing unit after \(number); \(expected)"))
                }
                symbol = defaultUnit
            }
            guard let unit = unit(named: symbol) else {
                let suggestion = ConfigDiagnostic.closestMatch(to: symbol, among: units.flatMap(\.symbols), maxDistance: 1)
                    .map { " (did you mean \($0)?)" } ?? ""
                return .failure(ValueSyntaxError(
                    "duration \(ConfigText.quoted(text)): unknown unit \(ConfigText.quoted(symbol))\(suggestion); units are \(symbols.joined(separator: ", "))"))
            }
            guard seenUnits.insert(unit.symbols[0]).inserted else {
                return .failure(ValueSyntaxError("duration \(ConfigText.quoted(text)): unit \(symbol) given twice"))
            }
            guard let value = decimal.times(unit.scale) else {
                return .failure(ValueSyntaxError(
                    decimal.fractionDigits > 0 && !decimal.overflowed(unit.scale)
                        ? "duration \(ConfigText.quoted(text)): \(number)\(symbol) is not a whole number of \(baseUnitName(unit.base))"
                        : "duration \(ConfigText.quoted(text)) is too large"))
            }
            let (sum, overflow) = (amounts[unit.base] ?? 0).addingReportingOverflow(value)
            guard !overflow else { return .failure(ValueSyntaxError("duration \(ConfigText.quoted(text)) is too large")) }
            amounts[unit.base] = sum
        }
        return .success(DurationAmount(amounts))
    }

    private func baseUnitName(_ base: DurationBase) -> String {
        if base == .calendar { return "milliseconds" }
        return units.first { $0.base == base && $0.scale == 1 }?.symbols[0] ?? base.rawValue
    }

    /// Parses a calendar duration (`DurationSyntax.calendar`) straight to milliseconds.
    public static func milliseconds(_ text: String) -> Result<Int64, ValueSyntaxError> {
        calendar.parse(text).map(\.calendarMilliseconds)
    }

    /// Formats milliseconds in the calendar syntax, largest units first: `5400000` → `1h30min`,
    /// `0` → `0`. The result parses back to the same value.
    public static func format(milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0" }
        var rest = milliseconds.magnitude
        var out = milliseconds < 0 ? "-" : ""
        for (symbol, size) in [("d", UInt64(86_400_000)), ("h", 3_600_000), ("min", 60_000), ("s", 1000), ("ms", 1)] {
            if rest >= size {
                out += "\(rest / size)\(symbol)"
                rest %= size
            }
        }
        return out
    }
}

/// A non-negative decimal as digits: `1.25` is 125 with 2 fraction digits. Exact, no floating point.
struct ConfigDecimal {
    var digits: UInt64
    var fractionDigits: Int

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !(parts[0].isEmpty && (parts.count == 1 || parts[1].isEmpty)),
            parts.count == 1 || !parts[1].isEmpty
        else { return nil }
        let all = parts.joined()
        guard !all.isEmpty, all.utf8.count <= 18, let value = UInt64(all) else { return nil }
        digits = value
        fractionDigits = parts.count == 2 ? parts[1].count : 0
    }

    /// `self × scale` if that is a whole number that fits Int64.
    func times(_ scale: Int64) -> Int64? {
        let (product, overflow) = digits.multipliedReportingOverflow(by: UInt64(scale))
        guard !overflow else { return nil }
        var divisor: UInt64 = 1
        for _ in 0..<fractionDigits { divisor *= 10 }
        guard product % divisor == 0, product / divisor <= UInt64(Int64.max) else { return nil }
        return Int64(product / divisor)
    }

    func overflowed(_ scale: Int64) -> Bool { digits.multipliedReportingOverflow(by: UInt64(scale)).overflow }
}
