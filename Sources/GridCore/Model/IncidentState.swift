/// Where an incident is in its lifecycle: reported → dispatched → acknowledged → resolved →
/// closed, plus side states. Wire names stay English; people see the Chinese (`chineseName`).
public enum IncidentState: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 待立案: received from a channel that waits for an operator's 立案 (registration).
    case reported
    /// At a tier, awaiting 受理 (acknowledgement).
    case dispatched
    /// Being handled.
    case acknowledged
    /// Handled, awaiting 核查 (verification).
    case resolved
    /// Verified and closed.
    case closed
    /// 已撤销: withdrawn by an operator (reason required).
    case cancelled
    /// 缓办: an approved pause; timers paused.
    case deferred
    /// 不予立案: a waiting report an operator did not take on (reason required). Final.
    case rejected
    /// 挂账: an approved suspension; timers stopped, out of the on-time denominators.
    case suspended

    /// Whether the incident still needs somebody to act on it.
    public var isOpen: Bool {
        switch self {
        case .closed, .cancelled, .rejected: return false
        default: return true
        }
    }

    /// 待立案, 待受理, 处置中, 待核查, 已结案, 已撤销, 缓办, 不予立案, 挂账.
    public var chineseName: String {
        switch self {
        case .reported: return "待立案"
        case .dispatched: return "待受理"
        case .acknowledged: return "处置中"
        case .resolved: return "待核查"
        case .closed: return "已结案"
        case .cancelled: return "已撤销"
        case .deferred: return "缓办"
        case .rejected: return "不予立案"
        case .suspended: return "挂账"
        }
    }

    public var description: String { rawValue }
}
