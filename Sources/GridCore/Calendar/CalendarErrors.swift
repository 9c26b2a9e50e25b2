/// Why a `WorkingCalendar` could not be built from its settings.
public struct CalendarSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Why a deadline could not be computed. It exists so that a calendar without working time
/// (every day a holiday) or an absurd window ends the walk with an error instead of a hang.
public enum DeadlineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No office hours at all in the searched days after `start`.
    case noWorkingTime(after: Timestamp, searchedDays: Int)
    /// The working time did not fit into the searched days (a window of years).
    case beyondHorizon(after: Timestamp, searchedDays: Int)
    /// A negative duration, or a `wd` count whose working time overflows.
    case invalidDuration(PolicyDuration)

    public var description: String {
        switch self {
        case .noWorkingTime(let start, let days):
            "the working calendar has no working time in the \(days) days after \(start)"
        case .beyondHorizon(let start, let days):
            "the deadline lies more than \(days) days after \(start); use a shorter window"
        case .invalidDuration(let duration):
            "invalid duration \(duration): durations are zero or positive and fit in 64 bits of milliseconds"
        }
    }
}
