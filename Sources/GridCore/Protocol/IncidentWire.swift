/// The JSON form of incidents and events in responses (`show`, `list`, `submit`) — what
/// `gridctl --json` prints and scripts rely on. Unit names come from the current map.
public struct IncidentWire: Sendable {
    /// Looks up the display name of a unit (nil when unknown).
    public var unitName: @Sendable (UnitCode) -> String?
    /// Looks up the name of a category code.
    public var categoryName: @Sendable (String) -> String?

    public init(unitName: @escaping @Sendable (UnitCode) -> String?, categoryName: @escaping @Sendable (String) -> String?) {
        self.unitName = unitName
        self.categoryName = categoryName
    }

    public func unit(_ code: UnitCode?) -> JSONValue {
        guard let code else { return .null }
        return ["code": .string(code.rawValue), "name": .from(unitName(code))]
    }

    public func encode(_ incident: Incident, created: Bool? = nil) -> JSONValue {
        var object = JSONObject()
        object["id"] = .int(incident.id)
        if let created { object["created"] = .bool(created) }
        object["key"] = .from(incident.key)
        object["state"] = .string(incident.state.rawValue)
        object["tier"] = .string(incident.tier.name)
        object["unit"] = unit(incident.unit)
        object["category"] = ["code": .string(incident.category), "name": .from(categoryName(incident.category))]
        object["priority"] = .string(incident.priority.rawValue)
        object["cell"] = .from(incident.placement.cell?.rawValue)
        object["community"] = unit(incident.placement.community)
        object["street"] = unit(incident.placement.street)
        object["district"] = unit(incident.placement.district)
        object["route"] = ["method": .string(incident.placement.method.rawValue), "reason": .from(incident.placement.reason)]
        object["title"] = .from(incident.title)
        object["description"] = .from(incident.description)
        object["address"] = .from(incident.address)
        if let location = incident.location {
            object["location"] = ["lat": .double(location.lat), "lon": .double(location.lon)]
        } else {
            object["location"] = .null
        }
        if let reporter = incident.reporter {
            object["reporter"] = ["name": .from(reporter.name), "phone": .from(reporter.phone)]
        } else {
            object["reporter"] = .null
        }
        object["reported_at"] = .from(incident.reportedAt?.description)
        object["created_at"] = .string(incident.createdAt.description)
        object["updated_at"] = .string(incident.updatedAt.description)
        object["version"] = .int(incident.version)
        object["source"] = .string(incident.source.rawValue)
        object["created_by"] = ["uid": .int(Int64(incident.createdBy.uid)), "name": .from(incident.createdBy.name)]
        return .object(object)
    }

    public func encode(_ event: IncidentEvent) -> JSONValue {
        var object = JSONObject()
        object["seq"] = .int(event.seq)
        object["kind"] = .string(event.kind.rawValue)
        object["at"] = .string(event.at.description)
        object["tier"] = .string(event.tier.name)
        object["unit"] = unit(event.unit)
        object["actor"] = ["uid": .int(Int64(event.actor.uid)), "name": .from(event.actor.name)]
        if let due = event.due {
            object["due"] = .string(due.description)
            object["late_ms"] = .int(event.at.milliseconds - due.milliseconds)
        }
        object["note"] = .from(event.note)
        object["detail"] = .object(event.detail)
        return .object(object)
    }
}
