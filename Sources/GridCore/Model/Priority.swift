/// How urgent a report is; it selects the deadline windows of the category's policy.
public enum Priority: String, Sendable, CaseIterable, CustomStringConvertible {
    case urgent
    case normal
    case low

    public var description: String { rawValue }
}
