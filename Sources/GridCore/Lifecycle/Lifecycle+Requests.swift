/// Requests and approvals (延期/缓办/挂账 申请): a request is filed by the case's handlers, decided by
/// an operator or a unit above the holder (`Authority`), and only an approval changes the case's
/// clocks. A request is not a state: the case keeps its state, and its clocks run until then.
extension Lifecycle {
    /// Files a request: one open per case, a reason required, on a case being handled.
    func file(
        _ kind: CaseRequest.Kind, by: PolicyDuration?, until: Timestamp?, on incident: Incident, actor: Actor, note: String?,
        now: Timestamp, next: inout Incident, detail: inout JSONObject
    ) throws(GridError) {
        let command = LifecycleCommand.request(kind, by: by, until: until)
        try require(incident, in: [.dispatched, .acknowledged], to: command)
        guard let note else { throw GridError(.missingField, "\(kind) needs a reason (--note)") }
        if let open = incident.request {
            throw GridError(
                .invalidState,
                "cannot \(kind) incident \(incident.id): it has an open \(open.kind) request (\(open.kind.chineseName)) filed by \(open.requestedBy) at \(calendar.rfc3339(open.at)); it must be approved or denied first")
        }
        switch kind {
        case .extend:
            guard let by, !by.isZero else { throw GridError(.missingField, "extend needs --by DURATION (greater than zero)") }
            guard incident.timers.caseDueAt != nil else {
                throw GridError(.invalidState, "cannot extend incident \(incident.id): it has no case deadline")
            }
            detail["by"] = .string(PolicyDurationSyntax.format(by))
        case .defer:
            if let until {
                guard until > now else { throw GridError(.invalidField, "defer --until \(calendar.rfc3339(until)) is not in the future") }
                detail["until"] = time(until)
            }
        case .suspend:
            break
        }
        detail["request"] = .string(kind.rawValue)
        next.request = CaseRequest(
            kind: kind, by: kind == .extend ? by : nil, until: kind == .defer ? until : nil, note: note, requestedBy: actor, at: now)
    }

    /// Denies the open request (a reason required): nothing else changes.
    func deny(_ incident: Incident, note: String?, next: inout Incident, detail: inout JSONObject) throws(GridError) {
        guard let open = incident.request else {
            throw GridError(.invalidState, "cannot deny incident \(incident.id): it has no open request")
        }
        guard note != nil else { throw GridError(.missingField, "deny needs a reason (--note)") }
        describe(open, into: &detail)
        next.request = nil
    }

    /// Approves the open request: an `approved` event, then its effect in the same step —
    /// `extended` (延期: the case deadline and the running window's end move), `deferred` (缓办:
    /// paused until `resume` or its `until`) or `suspended` (挂账: paused until `resume`). The
    /// approver's note is the approval's; the reason stays on the `requested` event.
    func approve(_ incident: Incident, by actor: Actor, note: String?, now: Timestamp) throws(GridError) -> LifecycleStep {
        guard let open = incident.request else {
            throw GridError(.invalidState, "cannot approve incident \(incident.id): it has no open request")
        }
        var next = incident
        var approval = JSONObject()
        describe(open, into: &approval)
        var effect = JSONObject()
        let kind: IncidentEvent.Kind
        switch open.kind {
        case .extend:
            try extend(incident, by: open.by ?? .calendar(0), next: &next, detail: &effect)
            kind = .extended
        case .defer:
            try require(incident, in: [.dispatched, .acknowledged], to: .approve)
            pause(incident, now: now, next: &next, detail: &effect, as: .deferred, until: open.until.flatMap { $0 > now ? $0 : nil })
            kind = .deferred
        case .suspend:
            try require(incident, in: [.dispatched, .acknowledged], to: .approve)
            pause(incident, now: now, next: &next, detail: &effect, as: .suspended)
            kind = .suspended
        }
        if let due = next.timers.dueAt, next.timers.window != nil { effect["next_due"] = time(due) }
        next.request = nil
        next.version += 1
        next.updatedAt = now
        func event(_ kind: IncidentEvent.Kind, _ note: String?, _ detail: JSONObject) -> IncidentEvent {
            IncidentEvent(
                incidentID: incident.id, kind: kind, at: now, tier: next.tier, unit: next.unit, actor: actor, note: note,
                detail: detail)
        }
        return LifecycleStep(incident: next, events: [event(.approved, note, approval), event(kind, nil, effect)])
    }

    /// A case that leaves handling (resolved, cancelled …) with a request open: the request lapses.
    func lapseRequest(_ incident: Incident, next: inout Incident, detail: inout JSONObject) {
        guard let open = incident.request, next.request != nil,
            [.resolved, .closed, .cancelled, .rejected].contains(next.state)
        else { return }
        detail["request_lapsed"] = .string(open.kind.rawValue)
        next.request = nil
    }

    private func describe(_ request: CaseRequest, into detail: inout JSONObject) {
        detail["request"] = .string(request.kind.rawValue)
        if let by = request.by { detail["by"] = .string(PolicyDurationSyntax.format(by)) }
        if let until = request.until { detail["until"] = time(until) }
        detail["requested_by"] = .int(Int64(request.requestedBy.uid))
        detail["requested_at"] = time(request.at)
    }
}
