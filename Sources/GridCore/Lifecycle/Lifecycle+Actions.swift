/// The worker actions whose work is more than a state change: resolve, defer, transfer, extend.
extension Lifecycle {
    /// 处置完毕: verification starts; records whether it came within the running resolve window
    /// (`on_time`, `resolve_due`) and within the case deadline (`case_on_time`, `case_due`).
    func resolve(_ incident: Incident, now: Timestamp, next: inout Incident, detail: inout JSONObject) throws(GridError) {
        try require(incident, in: [.acknowledged], to: .resolve, hint: "acknowledge it first")
        let timers = incident.timers
        let onTime = timers.window == .resolve && !timers.overdue && timers.dueAt.map { now <= $0 } ?? true
        next.state = .resolved
        windows.start(.verify, at: next.tier, from: now, on: &next)
        next.timers.resolvedOnTime = onTime
        detail["on_time"] = .bool(onTime)
        if let due = timers.dueAt { detail["resolve_due"] = time(due) }
        if let caseDue = timers.caseDueAt {
            detail["case_due"] = time(caseDue)
            detail["case_on_time"] = .bool(now <= caseDue)
        }
    }

    /// 撤销 by an operator (a reason is required): any open case but one waiting for 立案 (rejected instead).
    func cancel(_ incident: Incident, note: String?, next: inout Incident) throws(GridError) {
        try require(incident, in: [.dispatched, .acknowledged, .resolved, .deferred, .suspended], to: .cancel)
        guard note != nil else { throw GridError(.missingField, "cancel needs a reason (--note)") }
        next.state = .cancelled
        clearWindows(&next)
    }

    /// 返工: verification failed; back to handling with a fresh resolve window (the verdict of the
    /// last resolve is kept, the rework counted).
    func reopen(_ incident: Incident, now: Timestamp, next: inout Incident, detail: inout JSONObject) throws(GridError) {
        try require(incident, in: [.resolved], to: .reopen)
        next.state = .acknowledged
        let resolvedOnTime = next.timers.resolvedOnTime
        windows.start(.resolve, at: next.tier, from: now, on: &next)
        next.timers.resolvedOnTime = resolvedOnTime
        next.timers.reopenCount += 1
        detail["rework"] = .int(Int64(next.timers.reopenCount))
    }

    /// 缓办 (or, `as: .suspended`, 挂账): the running window stops with what is left of it
    /// (`Paused`), to run again on resume — or by itself at `until`.
    func pause(
        _ incident: Incident, now: Timestamp, next: inout Incident, detail: inout JSONObject, as state: IncidentState = .deferred,
        until: Timestamp? = nil
    ) {
        let computed = windows.pause(at: now, incident: incident)
        var paused = computed
            ?? IncidentTimers.Paused(window: .ack, remaining: .calendar(0), warningRemaining: nil, state: incident.state)
        paused.until = until
        clearWindows(&next)
        next.timers.paused = paused
        next.state = state
        if computed != nil { detail["remaining"] = .string(PolicyDurationSyntax.format(paused.remaining)) }
        if let until { detail["until"] = time(until) }
    }

    /// The paused window runs again from `now` with what was left of it.
    func resume(_ incident: Incident, now: Timestamp, next: inout Incident, detail: inout JSONObject) throws(GridError) {
        guard let paused = incident.timers.paused else {
            throw GridError(.invalidState, "incident \(incident.id) has no paused window to resume")
        }
        next.state = paused.state
        windows.resume(paused, from: now, on: &next)
        detail["remaining"] = .string(PolicyDurationSyntax.format(paused.remaining))
    }

    /// Re-routed: dispatched to the new placement's unit at the start tier with a fresh ack window
    /// (the case deadline does not move).
    func transfer(
        _ incident: Incident, to placement: Placement, now: Timestamp, next: inout Incident, detail: inout JSONObject
    ) throws(GridError) {
        try require(incident, in: [.dispatched, .acknowledged, .deferred], to: .transfer(placement))
        let startTier = incident.policy.windows.keys.min() ?? incident.tier
        let unit = placement.unit(at: startTier) ?? placement.lowestUnit
        detail["from_unit"] = .string(incident.unit.rawValue)
        detail["from_cell"] = .from(incident.placement.cell?.rawValue)
        detail["to_unit"] = .string(unit.rawValue)
        detail["to_cell"] = .from(placement.cell?.rawValue)
        detail["method"] = .string(placement.method.rawValue)
        next.placement = placement
        next.unit = unit
        next.tier = unit.tier
        next.state = .dispatched
        windows.start(.ack, at: next.tier, from: now, on: &next)
    }

    /// 延期 by `duration`: the case deadline and its warning move later by it, and so do the
    /// running ack or resolve window's end and its warning — unless that window was already
    /// missed (超期 stays charged; the case stays reminded at the top tier).
    func extend(_ incident: Incident, by duration: PolicyDuration, next: inout Incident, detail: inout JSONObject)
        throws(GridError)
    {
        try require(incident, in: [.dispatched, .acknowledged, .deferred], to: .extend(duration))
        guard !duration.isZero else { throw GridError(.invalidField, "extend needs a duration greater than zero") }
        guard let from = incident.timers.caseDueAt else {
            throw GridError(.invalidState, "cannot extend incident \(incident.id): it has no case deadline")
        }
        let to = windows.adding(duration, to: from)
        next.timers.caseDueAt = to
        next.timers.caseWarnAt = incident.timers.caseWarnAt.map { windows.adding(duration, to: $0) }
        if incident.timers.window == .ack || incident.timers.window == .resolve, !incident.timers.overdue,
            let due = incident.timers.dueAt
        {
            next.timers.dueAt = windows.adding(duration, to: due)
            next.timers.warnAt = incident.timers.warnAt.map { windows.adding(duration, to: $0) }
        }
        detail["by"] = .string(PolicyDurationSyntax.format(duration))
        detail["case_due_from"] = time(from)
        detail["case_due_to"] = time(to)
    }
}
