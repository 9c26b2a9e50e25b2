/// What a person can do to an incident (gridctl's worker actions), as the lifecycle sees it.
public enum LifecycleCommand: Sendable, Equatable {
    /// 受理: the current tier takes the incident on.
    case acknowledge
    /// 处置完毕: handled; verification (核查) starts.
    case resolve
    /// 核查通过: verified and closed.
    case close
    /// 返工: verification failed; back to handling with a fresh resolve window.
    case reopen
    /// 不予立案: not taken on (a reason is required).
    case cancel
    /// 缓办: timers paused (a reason is required). What an approved 缓办 applies; the daemon's
    /// `defer` files a request (`request`).
    case `defer`
    /// Timers run again from where they were paused.
    case resume
    /// Re-routed to another cell or unit; history kept.
    case transfer(Placement)
    /// A remark on the timeline (the note is required).
    case note
    /// 延期: the case deadline and the running window's end move later by the duration (working
    /// or calendar time, as written). Not a request of the protocol yet: issue 14 grants it by
    /// approval; only the lifecycle and tests use it now.
    case extend(PolicyDuration)
    /// 立案: a waiting report is registered (operators), with a corrected classification if any.
    case register(Registration)
    /// 不予立案: a waiting report is not taken on (operators; a reason is required).
    case reject
    /// Files a 延期 (`by`), 缓办 (`until`, optional) or 挂账 request (a reason is required); one open
    /// request per case; the clocks run until it is decided.
    case request(CaseRequest.Kind, by: PolicyDuration?, until: Timestamp?)
    /// Approves the open request (an operator or a worker of a unit above the holder): 延期
    /// extends, 缓办 defers, 挂账 suspends.
    case approve
    /// Denies the open request (a reason is required).
    case deny
    /// 主动上报: the holder hands the case to the next tier with fresh windows (a reason is
    /// required); not 超期, and the case deadline stays.
    case escalate
    /// 督办: an operator or a unit above the holder presses the case (a reason is required);
    /// counted against the holder.
    case supervise
    /// 回访: an operator called back whoever reported a closed case from a resident or the hotline.
    case visit(VisitResult)

    public var name: String {
        switch self {
        case .acknowledge: return "ack"
        case .resolve: return "resolve"
        case .close: return "close"
        case .reopen: return "reopen"
        case .cancel: return "cancel"
        case .defer: return "defer"
        case .resume: return "resume"
        case .transfer: return "transfer"
        case .note: return "note"
        case .extend: return "extend"
        case .register: return "register"
        case .reject: return "reject"
        case .request(let kind, _, _): return kind.rawValue
        case .approve: return "approve"
        case .deny: return "deny"
        case .escalate: return "escalate"
        case .supervise: return "supervise"
        case .visit: return "visit"
        }
    }
}

/// The result of one lifecycle step: the incident as it is now (version incremented) and the
/// events to append to its audit trail, committed together.
public struct LifecycleStep: Sendable, Equatable {
    public var incident: Incident
    public var events: [IncidentEvent]

    public init(incident: Incident, events: [IncidentEvent]) {
        self.incident = incident
        self.events = events
    }
}
