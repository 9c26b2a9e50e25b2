/// How long a tier has to acknowledge or resolve an incident, in the time base the policy chose.
///
/// It exists because a window of "2 hours" means different things to a dispatcher: two hours of
/// elapsed time, or two hours of office time that stop over lunch, nights, weekends and holidays.
/// Only a `WorkingCalendar` turns a working duration into an instant (`WorkingCalendar.adding`).
///
/// - `calendar(ms)`: elapsed time in milliseconds (a `d` is always 24 h, also across DST).
/// - `working(ms)`: milliseconds counted only inside office hours on working days.
/// - `workingDays(n)`: `n` × the length of a normal working day's office hours, counted as
///   working time — 1wd from Tuesday 10:00 is Wednesday 10:00 when both are working days, and
///   from Friday 10:00 it is Monday 10:00. It is not "the end of the n-th working day".
public enum PolicyDuration: Sendable, Hashable, CustomStringConvertible {
    case calendar(Int64)
    case working(Int64)
    case workingDays(Int64)

    /// Whether the duration is empty (a zero duration's deadline is its start).
    public var isZero: Bool {
        switch self {
        case .calendar(let amount), .working(let amount), .workingDays(let amount): amount == 0
        }
    }

    /// Whether the duration counts against office hours (working time or working days).
    public var isWorkingTime: Bool {
        if case .calendar = self { return false }
        return true
    }

    /// The duration in the policy syntax (`PolicyDurationSyntax`); it parses back to `self`.
    public var description: String { PolicyDurationSyntax.format(self) }
}
