/// How much a dispatch-log line matters: the `level=` of every line, the `<N>` syslog priority
/// journald reads, and what `tail --level` filters on (that level and above).
///
/// In GridCore rather than beside the log writer because the protocol (`tail`'s `level`) and
/// gridctl (checking `--level` before it connects) name levels too.
public enum LogLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, notice, warning, error

    /// The syslog priority used in `<N>` prefixes for journald.
    public var syslogPriority: Int {
        switch self {
        case .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        }
    }

    private var rank: Int { 7 - syslogPriority }
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }

    /// `debug, info, notice, warning, error`, for messages.
    public static let namesList = allCases.map(\.rawValue).joined(separator: ", ")
}
