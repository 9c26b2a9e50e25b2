/// The duration syntax of escalation windows: the calendar units of `DurationSyntax` plus
/// working-time units, one time base per duration.
///
/// It exists so that the config, `gridctl` and the docs share one definition of "2wh".
///
/// Units:
/// - calendar (elapsed) time: `ms`, `s`, `min`, `h`, `d`, `w` (and their long forms, as in
///   `DurationSyntax.calendar`); a `d` is 24 hours of elapsed time.
/// - working time, counted only inside office hours on working days: `wms`, `ws` (working
///   seconds), `wmin` (working minutes), `wh` (working hours).
/// - working days: `wd`, each the length of a normal working day's office hours of working time
///   (7 h with the default 08:30–12:00 and 14:30–18:00); see `PolicyDuration.workingDays`.
///
/// Terms combine within one base: `2h30min`, `1wh30wmin`, `90s`, `1ws`, `3wd`. Mixing bases is an
/// error (`1h2wh`, `1wd4wh`: write `11wh`). A bare number is calendar seconds (`30` = `30s`).
/// Decimals are allowed when they come to a whole number of the base (`1.5wh`, not `1.5wd`).
public enum PolicyDurationSyntax {
    /// Working time in milliseconds (`wms`, `ws`, `wmin`, `wh`).
    public static let workingBase = DurationBase("working")
    /// Whole working days (`wd`).
    public static let workingDaysBase = DurationBase("workingDays")

    /// `DurationSyntax.calendar` with the working-time units added.
    public static let syntax = DurationSyntax.calendar.adding([
        .init(symbols: ["wms"], base: workingBase, scale: 1),
        .init(symbols: ["ws"], base: workingBase, scale: 1000),
        .init(symbols: ["wmin"], base: workingBase, scale: 60_000),
        .init(symbols: ["wh"], base: workingBase, scale: 3_600_000),
        .init(symbols: ["wd"], base: workingDaysBase, scale: 1),
    ])

    /// Parses a policy duration, e.g. `2h`, `90s`, `4wh`, `1wh30wmin`, `3wd`, `0`.
    public static func parse(_ text: String) -> Result<PolicyDuration, ValueSyntaxError> {
        let amount: DurationAmount
        switch syntax.parse(text) {
        case .success(let parsed): amount = parsed
        case .failure(let error): return .failure(error)
        }
        // Zero-valued terms count too: `0h2wh` still mixes bases.
        let bases = Set(amount.components.keys)
        guard bases.count <= 1, let base = bases.first else {
            if bases.isEmpty { return .success(.calendar(0)) }
            return .failure(ValueSyntaxError(mixedBasesMessage(text, bases)))
        }
        let value = amount.components[base] ?? 0
        switch base {
        case .calendar: return .success(.calendar(value))
        case workingBase: return .success(.working(value))
        case workingDaysBase: return .success(.workingDays(value))
        default: return .failure(ValueSyntaxError("duration \(ConfigText.quoted(text)): unsupported unit"))
        }
    }

    private static func mixedBasesMessage(_ text: String, _ bases: Set<DurationBase>) -> String {
        let quoted = ConfigText.quoted(text)
        if bases.contains(.calendar) {
            return "duration \(quoted) mixes calendar units (ms, s, min, h, d, w) with working-time units "
                + "(ws, wmin, wh, wd); a window counts either elapsed time or working time: use one kind"
        }
        return "duration \(quoted) mixes working days (wd) with working hours, minutes or seconds; "
            + "write it in one unit, e.g. 11wh for 1wd4wh with 7-hour office days"
    }

    /// Formats a duration so that it parses back to the same value: `5400000` working ms → `1wh30wmin`.
    public static func format(_ duration: PolicyDuration) -> String {
        switch duration {
        case .calendar(let milliseconds):
            return DurationSyntax.format(milliseconds: milliseconds)
        case .workingDays(let days):
            return "\(days)wd"
        case .working(let milliseconds):
            if milliseconds == 0 { return "0wh" }
            var rest = milliseconds.magnitude
            var out = milliseconds < 0 ? "-" : ""
            for (symbol, size) in [("wh", UInt64(3_600_000)), ("wmin", 60_000), ("ws", 1000), ("wms", 1)] where rest >= size {
                out += "\(rest / size)\(symbol)"
                rest %= size
            }
            return out
        }
    }
}
