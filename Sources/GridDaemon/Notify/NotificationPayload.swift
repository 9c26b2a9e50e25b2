import GridCore
import GridStore

/// The JSON object a notifier reads on its stdin (one line), defined in docs/PROTOCOL.md
/// ("Notifications"): what happened (the event: kind, when, how late, at which tier and unit),
/// the incident it happened to (category, priority, title, place, deadline), and which
/// notification and attempt this is — `notification` is the same on every redelivery, so a
/// gateway can drop duplicates. The reporter's phone number is masked, as in the log; the
/// reporter's name and the description are left out (a gateway forwards text to phones).
enum NotificationPayload {
    static func json(seq: Int64, attempt: Int, subject: OutboxSubject, city: CityModel) -> JSONValue {
        let event = subject.event
        let incident = subject.incident
        let wire = city.wire
        var object = JSONObject()
        object.appendUnchecked("notification", .int(seq))
        object.appendUnchecked("attempt", .int(Int64(attempt)))
        object.appendUnchecked("kind", .string(event.kind.rawValue))
        object.appendUnchecked("at", wire.time(event.at))
        object.appendUnchecked("due", wire.time(event.due))
        object.appendUnchecked("late_ms", .from(event.due.map { event.at.milliseconds - $0.milliseconds }))
        object.appendUnchecked("id", .int(incident.id))
        object.appendUnchecked("tier", .string(event.tier.name))
        object.appendUnchecked("unit", wire.unit(event.unit))
        let category = city.config.categories[incident.category]
        object.appendUnchecked("department", .from(category?.departments[event.tier]))
        object.appendUnchecked("category", ["code": .string(incident.category), "name": .from(category?.name)])
        object.appendUnchecked("priority", .string(incident.priority.rawValue))
        object.appendUnchecked("state", .string(incident.state.rawValue))
        object.appendUnchecked("title", .from(incident.title))
        object.appendUnchecked("address", .from(incident.address))
        object.appendUnchecked("cell", .from(incident.placement.cell?.rawValue))
        if let location = incident.location {
            object.appendUnchecked("location", ["lat": .double(location.lat), "lon": .double(location.lon)])
        } else {
            object.appendUnchecked("location", .null)
        }
        object.appendUnchecked("reporter_phone", .from(incident.reporter?.phone.map(PhoneNumber.masked)))
        object.appendUnchecked("actor", ["uid": .int(Int64(event.actor.uid)), "name": .from(event.actor.name)])
        object.appendUnchecked("note", .from(event.note))
        object.appendUnchecked("detail", .object(event.detail))
        // The light as the event left the case (judged at its time: a redelivery says the same).
        let light = CaseLight.of(incident, at: event.at)
        object.appendUnchecked("case_due", wire.time(incident.timers.caseDueAt))
        object.appendUnchecked("light", .from(light?.rawValue))
        object.appendUnchecked("missed_windows", .int(Int64(incident.timers.missedWindows)))
        object.appendUnchecked("deadline", wire.deadline(incident.timers, light: light))
        return .object(object)
    }

    /// The payload as bytes, one line.
    static func line(seq: Int64, attempt: Int, subject: OutboxSubject, city: CityModel) -> [UInt8] {
        json(seq: seq, attempt: attempt, subject: subject, city: city).serializedBytes() + [0x0A]
    }
}
