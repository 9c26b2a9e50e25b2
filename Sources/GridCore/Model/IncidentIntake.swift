/// The first step of the lifecycle: a routed report becomes a dispatched incident (registered at
/// once) or, from a channel that waits for 立案, a `reported` one; and its first event
/// (`dispatched` or `reported`). Pure: the caller passes the time and the actor, the store
/// assigns the id. A waiting report stands at the unit it would be dispatched to.
public enum IncidentIntake {
    public static func open(
        report: Report, placement: Placement, category: Category, now: Timestamp, actor: Actor, source: IntakeSource,
        waits: Bool = false
    ) -> (incident: Incident, event: IncidentEvent) {
        let unit = placement.unit(at: category.startTier) ?? placement.lowestUnit
        let tier = unit.tier
        var location: GeoPoint?
        if case .location(let point) = report.place { location = point }
        let incident = Incident(
            key: report.key, category: category.code, priority: report.priority ?? category.defaultPriority,
            state: waits ? .reported : .dispatched, tier: tier, unit: unit, placement: placement, title: report.title,
            description: report.description, address: report.address, location: location,
            reporter: report.reporter, reportedAt: report.reportedAt, createdAt: now, updatedAt: now,
            version: 1, source: source, createdBy: actor, channel: report.channel ?? .other, registeredAt: waits ? nil : now)
        var detail = JSONObject(capacity: 7)  // and the deadlines `Lifecycle.open` adds
        detail.appendUnchecked("method", .string(placement.method.rawValue))
        if let reason = placement.reason { detail.appendUnchecked("reason", .string(reason)) }
        detail.appendUnchecked("source", .string(source.rawValue))
        detail.appendUnchecked("channel", .string(incident.channel.rawValue))
        let event = IncidentEvent(kind: waits ? .reported : .dispatched, at: now, tier: tier, unit: unit, actor: actor, detail: detail)
        return (incident, event)
    }
}
