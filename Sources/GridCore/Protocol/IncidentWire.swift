/// The JSON form of incidents and events in responses (`show`, `list`, `submit`) — what
/// `gridctl --json` prints and scripts rely on. Unit names come from the current map; times are
/// RFC 3339 at the working calendar's UTC offset (`2026-05-01T09:00:00+08:00`), as the people
/// reading them (and the dispatch log) count time.
public struct IncidentWire: Sendable {
    /// Looks up the display name of a unit (nil when unknown).
    public var unitName: @Sendable (UnitCode) -> String?
    /// Looks up the name of a category code.
    public var categoryName: @Sendable (String) -> String?
    /// The UTC offset, in seconds, to print an instant at.
    public var utcOffset: @Sendable (Timestamp) -> Int

    public init(
        unitName: @escaping @Sendable (UnitCode) -> String?, categoryName: @escaping @Sendable (String) -> String?,
        utcOffset: @escaping @Sendable (Timestamp) -> Int = { _ in 0 }
    ) {
        self.unitName = unitName
        self.categoryName = categoryName
        self.utcOffset = utcOffset
    }

    /// An instant as RFC 3339 at the configured offset; null for nil.
    public func time(_ instant: Timestamp?) -> JSONValue {
        guard let instant else { return .null }
        return .string(instant.rfc3339(utcOffsetSeconds: utcOffset(instant)))
    }

    public func unit(_ code: UnitCode?) -> JSONValue {
        guard let code else { return .null }
        return ["code": .string(code.rawValue), "name": .from(unitName(code))]
    }

    /// - Parameter now: the instant the light (`CaseLight`) is judged at.
    /// - Parameter withPolicy: include the policy snapshot (for `show`; lists and acknowledgements
    ///   leave it out: it is the same for most incidents and the largest part of the object).
    /// - Parameter maskReporter: the reader may not see who reported it (`Authority.mayReadReporter`):
    ///   the name and phone number are masked and the reporter object says `"masked": true`.
    public func encode(
        _ incident: Incident, now: Timestamp, created: Bool? = nil, withPolicy: Bool = false, maskReporter: Bool = false
    ) -> JSONValue {
        var object = JSONObject(capacity: 36)
        object.appendUnchecked("id", .int(incident.id))
        if let created { object.appendUnchecked("created", .bool(created)) }
        object.appendUnchecked("key", .from(incident.key))
        object.appendUnchecked("state", .string(incident.state.rawValue))
        object.appendUnchecked("tier", .string(incident.tier.name))
        object.appendUnchecked("unit", unit(incident.unit))
        object.appendUnchecked("category", ["code": .string(incident.category), "name": .from(categoryName(incident.category))])
        object.appendUnchecked("priority", .string(incident.priority.rawValue))
        object.appendUnchecked("cell", .from(incident.placement.cell?.rawValue))
        object.appendUnchecked("community", unit(incident.placement.community))
        object.appendUnchecked("street", unit(incident.placement.street))
        object.appendUnchecked("district", unit(incident.placement.district))
        object.appendUnchecked("route", ["method": .string(incident.placement.method.rawValue), "reason": .from(incident.placement.reason)])
        object.appendUnchecked("title", .from(incident.title))
        object.appendUnchecked("description", .from(incident.description))
        object.appendUnchecked("address", .from(incident.address))
        if let location = incident.location {
            object.appendUnchecked("location", ["lat": .double(location.lat), "lon": .double(location.lon)])
        } else {
            object.appendUnchecked("location", .null)
        }
        if let reporter = incident.reporter, maskReporter {
            object.appendUnchecked("reporter", [
                "name": .from(reporter.name.map(PersonName.masked)), "phone": .from(reporter.phone.map(PhoneNumber.masked)),
                "masked": true,
            ])
        } else if let reporter = incident.reporter {
            object.appendUnchecked("reporter", ["name": .from(reporter.name), "phone": .from(reporter.phone)])
        } else {
            object.appendUnchecked("reporter", .null)
        }
        object.appendUnchecked("reported_at", time(incident.reportedAt))
        object.appendUnchecked("created_at", time(incident.createdAt))
        object.appendUnchecked("updated_at", time(incident.updatedAt))
        object.appendUnchecked("version", .int(incident.version))
        object.appendUnchecked("source", .string(incident.source.rawValue))
        object.appendUnchecked("created_by", ["uid": .int(Int64(incident.createdBy.uid)), "name": .from(incident.createdBy.name)])
        let light = CaseLight.of(incident, at: now)
        object.appendUnchecked("case_due", time(incident.timers.caseDueAt))
        object.appendUnchecked("light", .from(light?.rawValue))
        object.appendUnchecked("missed_windows", .int(Int64(incident.timers.missedWindows)))
        object.appendUnchecked("deadline", deadline(incident.timers, light: light))
        object.appendUnchecked("channel", .string(incident.channel.rawValue))
        object.appendUnchecked("registered_at", time(incident.registeredAt))
        object.appendUnchecked("request", request(incident.request))
        object.appendUnchecked("supervised", .int(Int64(incident.supervisedCount)))
        object.appendUnchecked("visit_result", .from(incident.visit?.rawValue))
        if withPolicy { object.appendUnchecked("policy", incident.policy.json) }
        return .object(object)
    }

    /// Where the incident stands against its deadlines: the running window, its due time and
    /// warning, a miss at the top tier being reminded (`overdue`), the case deadline and its
    /// warning, and the light (`CaseLight`, the same as the incident's `light`).
    public func deadline(_ timers: IncidentTimers, light: CaseLight?) -> JSONValue {
        var object = JSONObject(capacity: 14)
        object.appendUnchecked("window", .from(timers.window?.rawValue))
        object.appendUnchecked("started_at", time(timers.windowStartedAt))
        object.appendUnchecked("due_at", time(timers.dueAt))
        object.appendUnchecked("warn_at", time(timers.warnAt))
        object.appendUnchecked("warned", .bool(timers.warned))
        object.appendUnchecked("overdue", .bool(timers.overdue))
        object.appendUnchecked("next_reminder_at", time(timers.nextReminderAt))
        object.appendUnchecked("case_due_at", time(timers.caseDueAt))
        object.appendUnchecked("case_warn_at", time(timers.caseWarnAt))
        object.appendUnchecked("light", .from(light?.rawValue))
        if let paused = timers.paused {
            object.appendUnchecked("paused", [
                "window": .string(paused.window.rawValue), "remaining": .string(PolicyDurationSyntax.format(paused.remaining)),
                "state": .string(paused.state.rawValue),
            ])
        }
        object.appendUnchecked("resolved_on_time", timers.resolvedOnTime.map(JSONValue.bool) ?? .null)
        object.appendUnchecked("reopen_count", .int(Int64(timers.reopenCount)))
        object.appendUnchecked("missed_windows", .int(Int64(timers.missedWindows)))
        return .object(object)
    }

    /// The open 延期/缓办/挂账 request: `{"kind", "by", "until", "note", "requested_by": {"uid",
    /// "name"}, "at"}` (`by` only for extend, `until` only for a 缓办 with an end); null for none.
    public func request(_ request: CaseRequest?) -> JSONValue {
        guard let request else { return .null }
        var object = JSONObject()
        object.appendUnchecked("kind", .string(request.kind.rawValue))
        if let by = request.by { object.appendUnchecked("by", .string(PolicyDurationSyntax.format(by))) }
        if let until = request.until { object.appendUnchecked("until", time(until)) }
        object.appendUnchecked("note", .string(request.note))
        object.appendUnchecked("requested_by", ["uid": .int(Int64(request.requestedBy.uid)), "name": .from(request.requestedBy.name)])
        object.appendUnchecked("at", time(request.at))
        return .object(object)
    }

    /// `show`'s `windows` and `charges` (`CaseWindows`): every ack and resolve window of the case
    /// with its outcome, and every 超期 with the unit it is charged to.
    public func encode(_ derived: CaseWindows) -> (windows: JSONValue, charges: JSONValue) {
        let windows = derived.windows.map { window -> JSONValue in
            var object = JSONObject()
            object.appendUnchecked("tier", .string(window.tier.name))
            object.appendUnchecked("unit", unit(window.unit))
            object.appendUnchecked("window", .string(window.window.rawValue))
            object.appendUnchecked("started", time(window.started))
            object.appendUnchecked("due", time(window.due))
            object.appendUnchecked("ended", time(window.ended))
            object.appendUnchecked("outcome", .string(window.outcome.rawValue))
            return .object(object)
        }
        let charges = derived.charges.map { charge -> JSONValue in
            var object = JSONObject()
            object.appendUnchecked("unit", unit(charge.unit))
            object.appendUnchecked("tier", .string(charge.tier.name))
            object.appendUnchecked("window", .string(charge.window.rawValue))
            object.appendUnchecked("due", time(charge.due))
            object.appendUnchecked("at", time(charge.at))
            return .object(object)
        }
        return (.array(windows), .array(charges))
    }

    public func encode(_ event: IncidentEvent) -> JSONValue {
        var object = JSONObject()
        object["seq"] = .int(event.seq)
        object["kind"] = .string(event.kind.rawValue)
        object["at"] = time(event.at)
        object["tier"] = .string(event.tier.name)
        object["unit"] = unit(event.unit)
        object["actor"] = ["uid": .int(Int64(event.actor.uid)), "name": .from(event.actor.name)]
        if let due = event.due {
            object["due"] = time(due)
            object["late_ms"] = .int(event.at.milliseconds - due.milliseconds)
        }
        object["note"] = .from(event.note)
        object["detail"] = .object(event.detail)
        return .object(object)
    }
}
