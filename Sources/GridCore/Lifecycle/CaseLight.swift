/// The three lights (三色灯) of a case, as a pure function of the case and `now`: what `show`,
/// `list`, `list --overdue` / `--near-deadline`, `status` and the reports all mean by them.
///
/// - none (nil) once resolved, closed, cancelled or rejected: nothing is owed by a handling unit;
/// - `paused` while deferred (缓办) or suspended (挂账), whatever it was before;
/// - a report waiting for 立案 (`reported`) has no case deadline yet: only its register window
///   (a miss, a warning) colours it;
/// - `red` once any window of the case was missed (超期: `missedWindows > 0`) or the case
///   deadline has passed — escalation does not turn a case green again; only the resolve ends it;
/// - `yellow` once the running window's warning has fired or the case deadline's warning has passed;
/// - `green` otherwise.
///
/// The store's SQL for the two lists is the same rule (`IncidentQueries.redCondition` and
/// `yellowCondition`); a test holds them to this function on a mixed database.
public enum CaseLight: String, Sendable, CaseIterable {
    case green, yellow, red, paused

    public static func of(state: IncidentState, timers: IncidentTimers, at now: Timestamp) -> CaseLight? {
        switch state {
        case .resolved, .closed, .cancelled, .rejected: return nil
        case .deferred, .suspended: return .paused
        case .reported, .dispatched, .acknowledged: break
        }
        if timers.missedWindows > 0 { return .red }
        if let due = timers.caseDueAt, now >= due { return .red }
        if timers.warned { return .yellow }
        if let warn = timers.caseWarnAt, now >= warn { return .yellow }
        return .green
    }

    public static func of(_ incident: Incident, at now: Timestamp) -> CaseLight? {
        of(state: incident.state, timers: incident.timers, at: now)
    }

    /// 绿灯, 黄灯, 红灯, 暂停 (缓办, 挂账).
    public var chineseName: String {
        switch self {
        case .green: return "绿灯"
        case .yellow: return "黄灯"
        case .red: return "红灯"
        case .paused: return "暂停"
        }
    }
}

/// The reports' name for the light (one definition: `CaseLight`).
public typealias ReportLight = CaseLight
