import GridCore
import GridStore

/// `list`'s answers; with `mine` (`gridctl mine`): the caller's to-do list (`ToDoList`) read from the store —
/// the open cases of each unit it works for, the resolved cases of each area it inspects — in
/// the list's order, with the units it was made for (empty for an admin or operator, who have
/// no unit: gridctl points them to `list`).
extension IncidentView {
    /// `list`'s answer: the incidents matching `query` (the to-do list with `mine`).
    func list(_ query: ListQuery, store: IncidentStore) throws(StoreError) -> JSONValue {
        if query.mine { return try mine(query, store: store) }
        var filter = IncidentFilter(query, now: now)
        filter.limit = query.limit + 1  // one more than asked: whether the list was cut (`more`)
        let found = try store.incidents(matching: filter)
        return .object(listAnswer(query.requests ? decidable(found) : found, limit: query.limit))
    }

    func mine(_ query: ListQuery, store: IncidentStore) throws(StoreError) -> JSONValue {
        let list = ToDoList(roles: roles)
        let all = IncidentFilter.maximumLimit
        var filters = list.holderUnits.map { IncidentFilter(openOnly: true, unit: $0, limit: all, now: now) }
        if list.inspectsCity {
            filters.append(IncidentFilter(state: .resolved, limit: all, now: now))
        } else {
            filters += list.inspectorUnits.map { IncidentFilter(state: .resolved, unit: $0, limit: all, now: now) }
        }
        var found: [Int64: Incident] = [:]
        for filter in filters {
            for incident in try store.incidents(matching: filter) where list.includes(incident, actor: peer) {
                found[incident.id] = incident
            }
        }
        var answer = listAnswer(ToDoList.ordered(Array(found.values), at: now), limit: query.limit)
        answer["mine"] = [
            "holder_units": .array(list.holderUnits.map(wire.unit)),
            "inspector_units": .array(list.inspectorUnits.map(wire.unit)), "inspects_city": .bool(list.inspectsCity),
        ]
        return .object(answer)
    }
}
