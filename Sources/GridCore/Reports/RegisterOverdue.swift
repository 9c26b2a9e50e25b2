/// How late a case on the 超期 (督办) list is, and whose miss made it so — what a meeting asks of
/// that list: "超期 3 小时, 桃源社区". It exists because the list's own row says only who holds the
/// case now and the running window's end, which for an escalated case is the new holder's window,
/// not the one that was missed.
///
/// The miss is the case's first: the earliest 超期 charge (`CaseWindows.charges`, the unit that
/// held the window), or the case deadline (案件处置时限) when that passed before any window was
/// missed — then the unit holding the case now is the one late. How long: from that deadline to
/// `now`, in working time when the missed window counts working time (its policy snapshot's
/// duration is in `wh`/`wd`), in calendar time otherwise. Pure: the daemon reads the case and its
/// events, and gives the working calendar and the clock.
public struct RegisterOverdue: Sendable, Equatable {
    /// The window missed: `register`, `ack`, `resolve`, `verify`, or `case` (the case deadline).
    public var window: String
    public var unit: UnitCode
    public var unitName: String?
    /// When the missed deadline fell.
    public var dueAt: LocalTime
    /// `now − dueAt` in calendar and in working milliseconds.
    public var calendarMilliseconds: Int64
    public var workingMilliseconds: Int64
    /// Whether the missed window counts working time (then `workingMilliseconds` is the figure).
    public var workingTime: Bool
    /// 超期 charges on the case so far (windows missed).
    public var misses: Int

    public init(
        window: String, unit: UnitCode, unitName: String? = nil, dueAt: LocalTime, calendarMilliseconds: Int64,
        workingMilliseconds: Int64, workingTime: Bool, misses: Int
    ) {
        self.window = window
        self.unit = unit
        self.unitName = unitName
        self.dueAt = dueAt
        self.calendarMilliseconds = calendarMilliseconds
        self.workingMilliseconds = workingMilliseconds
        self.workingTime = workingTime
        self.misses = misses
    }

    /// The first miss of `incident` by `now`, nil when nothing is missed yet.
    public static func of(
        _ incident: Incident, events: [IncidentEvent], now: Timestamp, calendar: WorkingCalendar
    ) -> RegisterOverdue? {
        let charges = CaseWindows.from(events: events).charges
        var first: (window: String, unit: UnitCode, due: Timestamp, working: Bool)?
        if let charge = charges.first {
            let due = charge.due ?? charge.at
            first = (charge.window.rawValue, charge.unit, due, countsWorkingTime(charge.window, tier: charge.tier, incident.policy))
        }
        if let caseDue = incident.timers.caseDueAt, caseDue <= now, first.map({ caseDue < $0.due }) ?? true {
            first = ("case", incident.unit, caseDue, caseWindowCountsWorkingTime(incident.policy))
        }
        guard let first else { return nil }
        let end = max(now, first.due)
        return RegisterOverdue(
            window: first.window, unit: first.unit, dueAt: LocalTime(first.due, calendar: calendar),
            calendarMilliseconds: end.milliseconds - first.due.milliseconds,
            workingMilliseconds: calendar.workingMilliseconds(from: first.due, to: end), workingTime: first.working,
            misses: charges.count)
    }

    static func countsWorkingTime(_ window: IncidentTimers.Window, tier: Tier, _ policy: IncidentPolicy) -> Bool {
        switch window {
        case .register: return policy.registerWindow?.isWorkingTime ?? false
        case .verify: return policy.verificationWindow.isWorkingTime
        case .ack: return policy.windows(at: tier)?.ack.isWorkingTime ?? false
        case .resolve: return policy.windows(at: tier)?.resolve.isWorkingTime ?? false
        }
    }

    /// `Case=`, or by default the start tier's ack then resolve: working time if those are.
    static func caseWindowCountsWorkingTime(_ policy: IncidentPolicy) -> Bool {
        if let window = policy.caseWindow { return window.isWorkingTime }
        guard let start = policy.windows.keys.min(), let windows = policy.windows[start] else { return false }
        return windows.ack.isWorkingTime && windows.resolve.isWorkingTime
    }

    public var json: JSONValue {
        var object = JSONObject()
        object.appendUnchecked("window", .string(window))
        object.appendUnchecked("unit", ["code": .string(unit.rawValue), "name": .from(unitName)])
        object.appendUnchecked("due_at", .string(dueAt.description))
        object.appendUnchecked("calendar_ms", .int(calendarMilliseconds))
        object.appendUnchecked("working_ms", .int(workingMilliseconds))
        object.appendUnchecked("working_time", .bool(workingTime))
        object.appendUnchecked("misses", .int(Int64(misses)))
        return .object(object)
    }

    init(json object: JSONObject) throws(GridError) {
        let read = ReportJSONReader(object, "overdue_register.incidents[].overdue")
        let unit = ReportJSONReader(try read.object("unit"), "overdue_register.incidents[].overdue.unit")
        guard let working = object["working_time"]?.boolValue else {
            throw GridError(.invalidField, "overdue_register.incidents[].overdue.working_time must be a boolean")
        }
        self.init(
            window: try read.string("window"), unit: try unit.unitCode("code"), unitName: try unit.optionalString("name"),
            dueAt: try read.time("due_at"), calendarMilliseconds: Int64(try read.int("calendar_ms")),
            workingMilliseconds: Int64(try read.int("working_ms")), workingTime: working, misses: try read.int("misses"))
    }
}
