/// Starts, pauses and restarts an incident's windows against a working calendar: the deadline
/// arithmetic the lifecycle applies, in one place.
struct DeadlineWindows {
    let calendar: WorkingCalendar
    /// The calendar's working time indexed over a range, when there is one: the same deadlines
    /// by binary search (`WorkingTimeIndex.adding`) inside it.
    var workingTime: WorkingTimeIndex? = nil

    /// Starts `window` at `tier` from `start`: sets the due time, the warning, clears the overdue
    /// register. An incident whose policy has no window here gets no deadline.
    func start(_ window: IncidentTimers.Window, at tier: Tier, from start: Timestamp, on incident: inout Incident) {
        let policy = incident.policy
        let duration: PolicyDuration?
        switch window {
        case .register: duration = policy.registerWindow
        case .ack: duration = policy.windows(at: tier)?.ack
        case .resolve: duration = policy.windows(at: tier)?.resolve
        case .verify: duration = policy.verificationWindow.isZero ? nil : policy.verificationWindow
        }
        guard let duration else {
            incident.timers = incident.timers.withoutWindow
            return
        }
        run(window, duration: duration, warningAfter: warningDuration(of: duration, policy: policy), from: start, on: &incident)
    }

    /// The case deadline (案件处置时限) of a case registered at `registered` that started at
    /// `startTier`, and its warning: `Case=` counted from registration, or by default the start
    /// tier's ack window followed by its resolve window (`add(resolve, to: add(ack, to: registered))`,
    /// so mixed bases like `2wh` + `2wd` work); the warning is the policy's fraction of each part,
    /// added the same way (for one time base, that fraction of the whole). Nil without windows.
    func caseDeadline(policy: IncidentPolicy, startTier: Tier, registered: Timestamp) -> (due: Timestamp, warn: Timestamp?)? {
        let parts: [PolicyDuration]
        if let window = policy.caseWindow {
            parts = [window]
        } else if let windows = policy.windows(at: startTier) {
            parts = [windows.ack, windows.resolve]
        } else {
            return nil
        }
        let due = parts.reduce(registered) { adding($1, to: $0) }
        let warningParts = parts.compactMap { warningDuration(of: $0, policy: policy) }
        var warn: Timestamp?
        if warningParts.count == parts.count {
            let instant = warningParts.reduce(registered) { adding($1, to: $0) }
            if instant < due { warn = instant }
        }
        return (due, warn)
    }

    /// Restarts a paused window from `start` with what was left of it.
    func resume(_ paused: IncidentTimers.Paused, from start: Timestamp, on incident: inout Incident) {
        run(paused.window, duration: paused.remaining, warningAfter: paused.warningRemaining, from: start, on: &incident)
    }

    /// What is left of the running window at `now`, to be resumed later.
    func pause(at now: Timestamp, incident: Incident) -> IncidentTimers.Paused? {
        let timers = incident.timers
        guard let window = timers.window, let due = timers.dueAt else { return nil }
        let base = baseDuration(for: window, incident: incident)
        let remaining = remainder(from: now, to: due, like: base ?? .calendar(0))
        let warning = timers.warnAt.map { remainder(from: now, to: $0, like: base ?? .calendar(0)) }
        return IncidentTimers.Paused(window: window, remaining: remaining, warningRemaining: warning, state: incident.state)
    }

    /// The instant `duration` after `start`; a calendar with no working time falls back to
    /// counting the working length as elapsed time, so an incident never loses its deadline.
    func adding(_ duration: PolicyDuration, to start: Timestamp) -> Timestamp {
        do throws(DeadlineError) {
            if let workingTime, duration.isWorkingTime,
                let due = workingTime.adding(workingMilliseconds: try calendar.workingLength(of: duration), to: start)
            {
                return due
            }
            return try calendar.adding(duration, to: start)
        } catch {
            return start.adding(milliseconds: elapsedFallback(duration))
        }
    }

    private func run(
        _ window: IncidentTimers.Window, duration: PolicyDuration, warningAfter: PolicyDuration?, from start: Timestamp,
        on incident: inout Incident
    ) {
        var timers = incident.timers
        timers.window = window
        timers.windowStartedAt = start
        timers.dueAt = adding(duration, to: start)
        timers.warnAt = warningAfter.map { adding($0, to: start) }
        if let warnAt = timers.warnAt, let due = timers.dueAt, warnAt >= due { timers.warnAt = nil }
        timers.warned = false
        timers.overdue = false
        timers.nextReminderAt = nil
        timers.paused = nil
        incident.timers = timers
    }

    private func warningDuration(of duration: PolicyDuration, policy: IncidentPolicy) -> PolicyDuration? {
        let fraction = policy.warningFraction
        guard fraction > 0, fraction < 1 else { return nil }
        switch duration {
        case .calendar(let ms): return .calendar(Int64((Double(ms) * fraction).rounded()))
        case .working(let ms): return .working(Int64((Double(ms) * fraction).rounded()))
        case .workingDays:
            guard let length = try? calendar.workingLength(of: duration) else { return nil }
            return .working(Int64((Double(length) * fraction).rounded()))
        }
    }

    private func baseDuration(for window: IncidentTimers.Window, incident: Incident) -> PolicyDuration? {
        switch window {
        case .register: return incident.policy.registerWindow
        case .ack: return incident.policy.windows(at: incident.tier)?.ack
        case .resolve: return incident.policy.windows(at: incident.tier)?.resolve
        case .verify: return incident.policy.verificationWindow
        }
    }

    /// The time from `now` to `end` counted in the base of `like` (working time for working
    /// windows), never negative.
    private func remainder(from now: Timestamp, to end: Timestamp, like: PolicyDuration) -> PolicyDuration {
        guard end > now else { return like.isWorkingTime ? .working(0) : .calendar(0) }
        if like.isWorkingTime { return .working(calendar.workingMilliseconds(from: now, to: end)) }
        return .calendar(end.milliseconds - now.milliseconds)
    }

    private func elapsedFallback(_ duration: PolicyDuration) -> Int64 {
        switch duration {
        case .calendar(let ms), .working(let ms): return ms
        case .workingDays(let days): return days * 8 * 3_600_000
        }
    }
}
