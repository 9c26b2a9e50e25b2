/// What 立案 (registration) needs besides the case: the classification the operator corrected, if
/// any, and the config's categories and escalation policy, from which the policy snapshot is taken
/// then (the category may have changed, and with it the start tier and the windows).
public struct Registration: Sendable, Equatable {
    /// The corrected category code, or nil to keep the reported one.
    public var category: String?
    /// The corrected priority, or nil to keep the case's.
    public var priority: Priority?
    public var categories: CategoryCatalog
    public var policy: EscalationPolicy

    public init(category: String? = nil, priority: Priority? = nil, categories: CategoryCatalog, policy: EscalationPolicy) {
        self.category = category
        self.priority = priority
        self.categories = categories
        self.policy = policy
    }
}

/// 立案 and 不予立案: the operator's decision on a report that waited (`reported`).
extension Lifecycle {
    /// 立案: the case is dispatched to its (possibly corrected) category's start tier with the
    /// policy snapshot and the case deadline taken now; `register_due` and `register_on_time` say
    /// whether it came within its register window (立案时限), if it had one.
    func register(
        _ incident: Incident, _ registration: Registration, now: Timestamp, next: inout Incident, detail: inout JSONObject
    ) throws(GridError) {
        try require(incident, in: [.reported], to: .register(registration), hint: "only a report waiting for 立案 is registered")
        let code = registration.category ?? incident.category
        guard let category = registration.categories[code] else {
            throw GridError(.unknownCategory, "category \(code) is not configured")
        }
        let priority = registration.priority ?? incident.priority
        if code != incident.category {
            detail["category_from"] = .string(incident.category)
            detail["category"] = .string(code)
        }
        if priority != incident.priority {
            detail["priority_from"] = .string(incident.priority.rawValue)
            detail["priority"] = .string(priority.rawValue)
        }
        if incident.timers.window == .register, let due = incident.timers.dueAt {
            detail["register_due"] = time(due)
            detail["register_on_time"] = .bool(now <= due && !incident.timers.overdue)
        }
        let unit = incident.placement.unit(at: category.startTier) ?? incident.placement.lowestUnit
        next.category = code
        next.priority = priority
        next.unit = unit
        next.tier = unit.tier
        next.policy = registration.policy.snapshot(category: category, priority: priority)
        next.state = .dispatched
        next.registeredAt = now
        clearWindows(&next)
        windows.start(.ack, at: next.tier, from: now, on: &next)
        if let due = next.timers.dueAt { detail["ack_due"] = time(due) }
        if let deadline = caseDeadline(policy: next.policy, startTier: next.tier, registeredAt: now) {
            next.timers.caseDueAt = deadline.due
            next.timers.caseWarnAt = deadline.warn
            detail["case_due"] = time(deadline.due)
        }
    }

    /// 不予立案: the waiting report is not taken on (a reason is required); final.
    func reject(_ incident: Incident, note: String?, next: inout Incident) throws(GridError) {
        try require(incident, in: [.reported], to: .reject, hint: "only a report waiting for 立案 is rejected; cancel a registered case")
        guard note != nil else { throw GridError(.missingField, "reject needs a reason (--note)") }
        next.state = .rejected
        clearWindows(&next)
    }

    /// The unit that verifies (核查) a case: the most specific inspector unit holding where it
    /// happened, else the city's centre.
    public func verifyingUnit(of incident: Incident) -> UnitCode {
        let place = incident.placement.lowestUnit
        return inspectorUnits.filter { $0.contains(place) }.max { $0.tier > $1.tier } ?? incident.placement.city
    }

    /// The `overdue` of a missed verification window (核查时限): charged to the verifying unit
    /// (`verifyingUnit`), not to the unit that handled the case — its light and its 超期 count do
    /// not change; the case stays resolved, reminded.
    func verifyMissed(_ incident: Incident, timer: PendingTimer, now: Timestamp, nextReminder: JSONValue) -> IncidentEvent {
        let verifier = verifyingUnit(of: incident)
        return IncidentEvent(
            incidentID: incident.id, kind: .overdue, at: now, tier: verifier.tier, unit: verifier, actor: .system, due: timer.at,
            detail: [
                "window": "verify", "charged_unit": .string(verifier.rawValue), "charged_tier": .string(verifier.tier.name),
                "next_reminder": nextReminder,
            ])
    }

    /// The 超期 of a missed register window: charged to the city's centre (the unit that registers),
    /// never escalated; the case is reminded until an operator decides.
    func registerMissed(_ incident: Incident, timer: PendingTimer, now: Timestamp, next: inout Incident) -> IncidentEvent {
        let centre = incident.placement.city
        next.timers.missedWindows += 1
        next.timers.overdue = true
        next.timers.warnAt = nil
        next.timers.nextReminderAt = reminder(after: timer.at, policy: incident.policy)
        return IncidentEvent(
            incidentID: incident.id, kind: .overdue, at: now, tier: .city, unit: centre, actor: .system, due: timer.at,
            detail: [
                "window": "register", "charged_unit": .string(centre.rawValue), "charged_tier": .string(Tier.city.name),
                "next_reminder": time(next.timers.nextReminderAt),
            ])
    }
}
