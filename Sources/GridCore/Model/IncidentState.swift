/// Where an incident is in its lifecycle (dispatched → acknowledged → resolved → closed, plus side states).
public enum IncidentState: String, Sendable, CaseIterable, CustomStringConvertible {
    /// At a tier, awaiting 受理 (acknowledgement).
    case dispatched
    /// Being handled.
    case acknowledged
    /// Handled, awaiting 核查 (verification).
    case resolved
    /// Verified and closed.
    case closed
    /// 不予立案: not taken on (reason required).
    case cancelled
    /// 缓办: timers paused.
    case deferred

    /// Whether the incident still needs somebody to act on it.
    public var isOpen: Bool {
        switch self {
        case .closed, .cancelled: return false
        default: return true
        }
    }

    public var description: String { rawValue }
}
