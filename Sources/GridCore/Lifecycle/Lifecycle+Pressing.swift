/// 主动上报 and 督办: a holder hands a case up by hand; an operator or a unit above presses it.
extension Lifecycle {
    /// 主动上报: the case goes to the next tier's unit with a fresh ack window there, from now —
    /// like a 超时上报 but without a miss: no 超期 is charged, and the case deadline stays.
    func escalateByHand(
        _ incident: Incident, note: String?, now: Timestamp, next: inout Incident, detail: inout JSONObject
    ) throws(GridError) {
        try require(incident, in: [.dispatched, .acknowledged], to: .escalate)
        guard note != nil else { throw GridError(.missingField, "escalate needs a reason (--note)") }
        guard incident.tier < incident.policy.topTier, let upper = incident.tier.next else {
            throw GridError(
                .invalidState,
                "cannot escalate incident \(incident.id): it is at \(incident.tier), the top tier of its policy")
        }
        let unit = incident.placement.unit(at: upper) ?? incident.unit.ancestor(at: upper) ?? incident.unit
        detail["from_tier"] = .string(incident.tier.name)
        detail["from_unit"] = .string(incident.unit.rawValue)
        if let window = incident.timers.window { detail["window"] = .string(window.rawValue) }
        next.tier = upper
        next.unit = unit
        next.state = .dispatched
        windows.start(.ack, at: upper, from: now, on: &next)
    }

    /// 督办: the case is flagged (`supervisedCount` + 1), counted against the unit holding it
    /// (`supervised_unit`); nothing else changes.
    func supervise(_ incident: Incident, note: String?, next: inout Incident, detail: inout JSONObject) throws(GridError) {
        try require(incident, in: [.dispatched, .acknowledged, .resolved, .deferred, .suspended], to: .supervise)
        guard note != nil else { throw GridError(.missingField, "supervise needs a reason (--note)") }
        next.supervisedCount += 1
        detail["supervised"] = .int(Int64(next.supervisedCount))
        detail["supervised_unit"] = .string(incident.unit.rawValue)
        detail["supervised_tier"] = .string(incident.tier.name)
    }
}
