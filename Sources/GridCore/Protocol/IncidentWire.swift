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
        var sink = JSONTreeSink()
        write(incident, now: now, created: created, withPolicy: withPolicy, maskReporter: maskReporter, to: &sink)
        return sink.value
    }

    /// `encode`'s object written into `sink` (`JSONBytesSink`: the text, without the tree).
    public func write<Sink: JSONObjectSink>(
        _ incident: Incident, now: Timestamp, created: Bool? = nil, withPolicy: Bool = false, maskReporter: Bool = false,
        to sink: inout Sink
    ) {
        sink.open()
        sink.field("id", .int(incident.id))
        if let created { sink.field("created", .bool(created)) }
        sink.field("key", .from(incident.key))
        sink.field("state", .string(incident.state.rawValue))
        sink.field("tier", .string(incident.tier.name))
        unit(incident.unit, as: "unit", to: &sink)
        sink.object("category") {
            $0.field("code", .string(incident.category))
            $0.field("name", .from(categoryName(incident.category)))
        }
        sink.field("priority", .string(incident.priority.rawValue))
        sink.field("cell", .from(incident.placement.cell?.rawValue))
        unit(incident.placement.community, as: "community", to: &sink)
        unit(incident.placement.street, as: "street", to: &sink)
        unit(incident.placement.district, as: "district", to: &sink)
        sink.object("route") {
            $0.field("method", .string(incident.placement.method.rawValue))
            $0.field("reason", .from(incident.placement.reason))
        }
        sink.field("title", .from(incident.title))
        sink.field("description", .from(incident.description))
        sink.field("address", .from(incident.address))
        if let location = incident.location {
            sink.object("location") {
                $0.field("lat", .double(location.lat))
                $0.field("lon", .double(location.lon))
            }
        } else {
            sink.field("location", .null)
        }
        if let reporter = incident.reporter {
            sink.object("reporter") {
                if maskReporter {
                    $0.field("name", .from(reporter.name.map(PersonName.masked)))
                    $0.field("phone", .from(reporter.phone.map(PhoneNumber.masked)))
                    $0.field("masked", true)
                } else {
                    $0.field("name", .from(reporter.name))
                    $0.field("phone", .from(reporter.phone))
                }
            }
        } else {
            sink.field("reporter", .null)
        }
        sink.field("reported_at", time(incident.reportedAt))
        sink.field("created_at", time(incident.createdAt))
        sink.field("updated_at", time(incident.updatedAt))
        sink.field("version", .int(incident.version))
        sink.field("source", .string(incident.source.rawValue))
        sink.object("created_by") {
            $0.field("uid", .int(Int64(incident.createdBy.uid)))
            $0.field("name", .from(incident.createdBy.name))
        }
        let light = CaseLight.of(incident, at: now)
        sink.field("case_due", time(incident.timers.caseDueAt))
        sink.field("light", .from(light?.rawValue))
        sink.field("missed_windows", .int(Int64(incident.timers.missedWindows)))
        sink.key("deadline")
        write(incident.timers, light: light, to: &sink)
        sink.field("channel", .string(incident.channel.rawValue))
        sink.field("registered_at", time(incident.registeredAt))
        sink.field("request", request(incident.request))
        sink.field("supervised", .int(Int64(incident.supervisedCount)))
        sink.field("visit_result", .from(incident.visit?.rawValue))
        if withPolicy { sink.field("policy", incident.policy.json) }
        sink.close()
    }

    /// `unit(code)` under `key`: `{"code", "name"}`, or null.
    private func unit<Sink: JSONObjectSink>(_ code: UnitCode?, as key: String, to sink: inout Sink) {
        guard let code else { return sink.field(key, .null) }
        sink.object(key) {
            $0.field("code", .string(code.rawValue))
            $0.field("name", .from(unitName(code)))
        }
    }

    /// Where the incident stands against its deadlines: the running window, its due time and
    /// warning, a miss at the top tier being reminded (`overdue`), the case deadline and its
    /// warning, and the light (`CaseLight`, the same as the incident's `light`).
    public func deadline(_ timers: IncidentTimers, light: CaseLight?) -> JSONValue {
        var sink = JSONTreeSink()
        write(timers, light: light, to: &sink)
        return sink.value
    }

    /// `deadline`'s object written into `sink`.
    private func write<Sink: JSONObjectSink>(_ timers: IncidentTimers, light: CaseLight?, to sink: inout Sink) {
        sink.open()
        sink.field("window", .from(timers.window?.rawValue))
        sink.field("started_at", time(timers.windowStartedAt))
        sink.field("due_at", time(timers.dueAt))
        sink.field("warn_at", time(timers.warnAt))
        sink.field("warned", .bool(timers.warned))
        sink.field("overdue", .bool(timers.overdue))
        sink.field("next_reminder_at", time(timers.nextReminderAt))
        sink.field("case_due_at", time(timers.caseDueAt))
        sink.field("case_warn_at", time(timers.caseWarnAt))
        sink.field("light", .from(light?.rawValue))
        if let paused = timers.paused {
            sink.object("paused") {
                $0.field("window", .string(paused.window.rawValue))
                $0.field("remaining", .string(PolicyDurationSyntax.format(paused.remaining)))
                $0.field("state", .string(paused.state.rawValue))
            }
        }
        sink.field("resolved_on_time", timers.resolvedOnTime.map(JSONValue.bool) ?? .null)
        sink.field("reopen_count", .int(Int64(timers.reopenCount)))
        sink.field("missed_windows", .int(Int64(timers.missedWindows)))
        sink.close()
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
