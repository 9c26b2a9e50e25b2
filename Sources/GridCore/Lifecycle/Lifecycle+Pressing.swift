/// 主动上报, 督办 and 回访: a holder hands a case up by hand; an operator or a unit above presses it;
/// an operator calls back whoever reported a closed case.
extension Lifecycle {
    /// The steps of the loop that only record or move the case (issue 14): a request and its
    /// denial, 主动上报, 督办 and 回访; the event kind each writes.
    func loopStep(
        _ command: LifecycleCommand, _ incident: Incident, actor: Actor, note: String?, now: Timestamp, next: inout Incident,
        detail: inout JSONObject
    ) throws(GridError) -> IncidentEvent.Kind {
        switch command {
        case .request(let requested, let by, let until):
            try file(requested, by: by, until: until, on: incident, actor: actor, note: note, now: now, next: &next, detail: &detail)
            return .requested
        case .deny:
            try deny(incident, note: note, next: &next, detail: &detail)
            return .denied
        case .escalate:
            try escalateByHand(incident, note: note, now: now, next: &next, detail: &detail)
            return .escalatedByHand
        case .supervise:
            try supervise(incident, note: note, next: &next, detail: &detail)
            return .supervised
        case .visit(let result):
            try visit(incident, result: result, next: &next, detail: &detail)
            return .visited
        default:
            throw GridError(.invalidState, "\(command.name) is not a step of the loop")
        }
    }

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

    /// 回访: the result of calling back whoever reported a closed case from a resident or the
    /// 12345 hotline (once per case); 满意率 counts satisfied and basic.
    func visit(_ incident: Incident, result: VisitResult, next: inout Incident, detail: inout JSONObject) throws(GridError) {
        try require(incident, in: [.closed], to: .visit(result), hint: "回访 follows the close")
        guard incident.channel.isVisited else {
            throw GridError(
                .invalidState,
                "cannot visit incident \(incident.id): it came from \(incident.channel) (\(incident.channel.chineseName)); 回访 is for cases from residents and the 12345 hotline")
        }
        if let done = incident.visit {
            throw GridError(.invalidState, "cannot visit incident \(incident.id): it was visited already (\(done))")
        }
        next.visit = result
        detail["result"] = .string(result.rawValue)
        detail["channel"] = .string(incident.channel.rawValue)
    }
}
