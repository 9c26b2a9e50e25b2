/// The incident lifecycle as a pure function: (incident, command or timer, now, calendar) →
/// (new incident, events to record). No I/O and no clock of its own, so a week of escalations
/// runs in milliseconds in tests and the daemon only commits what it returns.
///
/// (reported → registered or rejected →) dispatched → acknowledged → resolved → closed, plus cancelled, deferred/resumed (timers
/// paused), reopened (rework: back to handling with a fresh resolve window), transferred (re-routed,
/// fresh ack window), extended (延期: the case deadline moves) and notes. Each case has a case
/// deadline (案件处置时限) from its registration that escalation never moves. A missed ack or
/// resolve window is 超期: an `overdue` event charged to the unit that held it; then, below the
/// top tier, the case escalates one tier with a fresh ack window there (the new tier must take it
/// on); at the top tier it stays and is reminded at the policy's interval until somebody acts.
public struct Lifecycle: Sendable {
    public let calendar: WorkingCalendar
    /// The units inspectors (监督员) are bound to (`[Access] Inspector=`): a missed verification
    /// window is charged to the most specific of them holding where the case happened, else to
    /// the city's centre.
    public let inspectorUnits: [UnitCode]

    /// The working time of the calendar indexed over a range (`init(indexingAround:)`), so that
    /// deadlines inside it are found by binary search: every intake computes four of them.
    let workingTime: WorkingTimeIndex?

    /// - Parameter instant: when given, working time is indexed from 30 days before it to
    ///   `indexedDays` after it (the daemon passes the time its config was loaded; a reload
    ///   indexes again); deadlines outside the range walk the calendar day by day, as all do
    ///   without an index, with the same results.
    public init(calendar: WorkingCalendar, inspectorUnits: [UnitCode] = [], indexingAround instant: Timestamp? = nil) {
        self.calendar = calendar
        self.inspectorUnits = inspectorUnits
        workingTime = instant.map {
            WorkingTimeIndex(
                calendar: calendar, from: $0.adding(milliseconds: -30 * 86_400_000),
                to: $0.adding(milliseconds: Int64(Self.indexedDays) * 86_400_000))
        }
    }

    /// How far ahead `init(indexingAround:)` indexes working time: two years.
    public static let indexedDays = 731

    var windows: DeadlineWindows { DeadlineWindows(calendar: calendar, workingTime: workingTime) }

    // MARK: Creation

    /// A routed report becomes a dispatched incident at its start tier with its ack window running;
    /// one that `waits` for 立案 becomes `reported` with its register window running.
    public func open(
        report: Report, placement: Placement, category: Category, policy: IncidentPolicy, now: Timestamp, actor: Actor,
        source: IntakeSource, waits: Bool = false
    ) -> (incident: Incident, event: IncidentEvent) {
        var (incident, event) = IncidentIntake.open(
            report: report, placement: placement, category: category, now: now, actor: actor, source: source, waits: waits)
        incident.policy = policy
        if waits {
            // 待立案: only the register window runs; the case deadline is taken at 立案.
            windows.start(.register, at: incident.tier, from: now, on: &incident)
            // New keys of the intake's detail (`IncidentIntake.open` sets none of them).
            if let due = incident.timers.dueAt {
                event.detail.appendUnchecked("register_due", time(due))
                event.detail.appendUnchecked("register_unit", .string(incident.placement.city.rawValue))
            }
            return (incident, event)
        }
        windows.start(.ack, at: incident.tier, from: now, on: &incident)
        if let due = incident.timers.dueAt { event.detail.appendUnchecked("ack_due", time(due)) }
        if let deadline = caseDeadline(policy: policy, startTier: incident.tier, registeredAt: now) {
            incident.timers.caseDueAt = deadline.due
            incident.timers.caseWarnAt = deadline.warn
            event.detail.appendUnchecked("case_due", time(deadline.due))
        }
        return (incident, event)
    }

    /// The case deadline and its warning of a case registered at `registeredAt` at `startTier`
    /// (`DeadlineWindows.caseDeadline`); also what the start-up back-fill gives cases from
    /// before case deadlines existed.
    public func caseDeadline(policy: IncidentPolicy, startTier: Tier, registeredAt: Timestamp) -> (due: Timestamp, warn: Timestamp?)? {
        windows.caseDeadline(policy: policy, startTier: startTier, registered: registeredAt)
    }

    // MARK: Worker actions

    /// Applies a person's action, or refuses it with `invalid_state` / `missing_field` naming why.
    /// Authority is checked separately (`Authority.check`).
    public func apply(_ command: LifecycleCommand, to incident: Incident, by actor: Actor, note: String?, now: Timestamp)
        throws(GridError) -> LifecycleStep
    {
        let note = note.flatMap { $0.isEmpty ? nil : $0 }
        var next = incident
        var detail = JSONObject()
        let kind: IncidentEvent.Kind
        switch command {
        case .acknowledge:
            try require(incident, in: [.dispatched], to: command)
            next.state = .acknowledged
            windows.start(.resolve, at: next.tier, from: now, on: &next)
            kind = .acknowledged
        case .resolve:
            try resolve(incident, now: now, next: &next, detail: &detail)
            next.resolvedBy = actor.uid
            kind = .resolved
        case .close:
            try require(incident, in: [.resolved], to: command)
            next.state = .closed
            clearWindows(&next)
            kind = .closed
        case .reopen:
            try reopen(incident, now: now, next: &next, detail: &detail)
            kind = .reopened
        case .cancel:
            try cancel(incident, note: note, next: &next)
            kind = .cancelled
        case .defer:
            try require(incident, in: [.dispatched, .acknowledged], to: command)
            guard note != nil else { throw GridError(.missingField, "defer needs a reason (--note)") }
            pause(incident, now: now, next: &next, detail: &detail)
            kind = .deferred
        case .resume:
            try require(incident, in: [.deferred, .suspended], to: command)
            try resume(incident, now: now, next: &next, detail: &detail)
            kind = .resumed
        case .transfer(let placement):
            try transfer(incident, to: placement, now: now, next: &next, detail: &detail)
            kind = .transferred
        case .note:
            guard note != nil else { throw GridError(.missingField, "note needs its text (--note)") }
            kind = .note
        case .extend(let duration):
            try extend(incident, by: duration, next: &next, detail: &detail)
            kind = .extended
        case .register(let registration):
            try register(incident, registration, now: now, next: &next, detail: &detail)
            kind = .registered
        case .reject:
            try reject(incident, note: note, next: &next)
            kind = .rejected
        case .request, .deny, .escalate, .supervise, .visit:
            kind = try loopStep(command, incident, actor: actor, note: note, now: now, next: &next, detail: &detail)
        case .approve:
            return try approve(incident, by: actor, note: note, now: now)  // two events: its own step
        }
        lapseRequest(incident, next: &next, detail: &detail)
        if let due = next.timers.dueAt, next.timers.window != nil, kind != .note {
            detail["next_due"] = time(due)
        }
        next.version += 1
        next.updatedAt = now
        let event = IncidentEvent(
            incidentID: incident.id, kind: kind, at: now, tier: next.tier, unit: next.unit, actor: actor, note: note,
            detail: detail)
        return LifecycleStep(incident: next, events: [event])
    }

    // MARK: Timers

    /// Applies a timer that fell due at `timer.at`, run at `now` (later after downtime). Returns
    /// nil when the incident no longer has that timer (it moved on): a stale timer does nothing.
    /// Windows that follow start at `timer.at`, as if the daemon had never stopped.
    public func fire(_ timer: PendingTimer, on incident: Incident, now: Timestamp) -> LifecycleStep? {
        guard incident.state.isOpen, incident.timers.nextTimer == timer else { return nil }
        var next = incident
        var events: [IncidentEvent] = []
        func event(_ kind: IncidentEvent.Kind, _ detail: JSONObject) {
            events.append(
                IncidentEvent(
                    incidentID: incident.id, kind: kind, at: now, tier: next.tier, unit: next.unit, actor: .system,
                    due: timer.at, detail: detail))
        }
        let window = incident.timers.window?.rawValue ?? "-"
        switch timer.kind {
        case .warning:
            next.timers.warnAt = nil
            next.timers.warned = true
            event(.warning, ["window": .string(window), "window_due": time(incident.timers.dueAt)])
        case .windowEnd where incident.timers.window == .register:
            events.append(registerMissed(incident, timer: timer, now: now, next: &next))
        case .windowEnd:
            let missed = incident.timers.window
            if missed == .ack || missed == .resolve {
                // 超期, charged for good to the unit that held the window, before the case moves on.
                next.timers.missedWindows += 1
                events.append(
                    IncidentEvent(
                        incidentID: incident.id, kind: .overdue, at: now, tier: incident.tier, unit: incident.unit,
                        actor: .system, due: timer.at,
                        detail: [
                            "window": .string(window), "charged_unit": .string(incident.unit.rawValue),
                            "charged_tier": .string(incident.tier.name),
                        ]))
            }
            if missed != .verify, incident.tier < incident.policy.topTier, let upper = incident.tier.next {
                let unit = incident.placement.unit(at: upper) ?? incident.unit.ancestor(at: upper) ?? incident.unit
                next.tier = upper
                next.unit = unit
                next.state = .dispatched
                windows.start(.ack, at: upper, from: timer.at, on: &next)
                event(.escalated, [
                    "window": .string(window), "from_tier": .string(incident.tier.name),
                    "from_unit": .string(incident.unit.rawValue), "next_due": time(next.timers.dueAt),
                ])
            } else {
                next.timers.overdue = true
                next.timers.warnAt = nil
                next.timers.nextReminderAt = reminder(after: timer.at, policy: incident.policy)
                let nextReminder = time(next.timers.nextReminderAt)
                if missed == .ack || missed == .resolve {
                    events[events.count - 1].detail["next_reminder"] = nextReminder
                } else {
                    events.append(verifyMissed(incident, timer: timer, now: now, nextReminder: nextReminder))
                }
            }
        case .resume:
            guard let paused = incident.timers.paused else { return nil }
            next.state = paused.state
            windows.resume(paused, from: timer.at, on: &next)
            event(.resumed, ["remaining": .string(PolicyDurationSyntax.format(paused.remaining)), "until": time(timer.at)])
        case .reminder:
            next.timers.nextReminderAt = reminder(after: timer.at, policy: incident.policy)
            event(.reminded, ["window": .string(window), "next_reminder": time(next.timers.nextReminderAt)])
        }
        next.version += 1
        next.updatedAt = now
        return LifecycleStep(incident: next, events: events)
    }

    // MARK: Helpers

    /// A time in an event's detail, at the calendar's offset (`2026-11-28T12:19:13.000+08:00`), as
    /// the log and `show` print it; details stored before read `…Z` and still parse the same.
    func time(_ instant: Timestamp) -> JSONValue { .string(calendar.rfc3339(instant)) }

    /// `time(_:)`, or null.
    func time(_ instant: Timestamp?) -> JSONValue { instant.map { time($0) } ?? .null }

    func reminder(after time: Timestamp, policy: IncidentPolicy) -> Timestamp? {
        guard !policy.reminderInterval.isZero else { return nil }
        return windows.adding(policy.reminderInterval, to: time)
    }

    func clearWindows(_ incident: inout Incident) {
        incident.timers = incident.timers.withoutWindow
    }

    func require(
        _ incident: Incident, in states: Set<IncidentState>, to command: LifecycleCommand, hint: String? = nil
    ) throws(GridError) {
        guard states.contains(incident.state) else {
            var message = "cannot \(command.name) incident \(incident.id): it is \(incident.state)"
            if let hint { message += "; \(hint)" }
            throw GridError(.invalidState, message)
        }
    }
}
