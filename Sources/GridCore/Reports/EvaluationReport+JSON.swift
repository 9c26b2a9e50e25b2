/// The JSON form of a report: the result of the `report` op, what `gridctl report --format json`
/// prints, and what gridctl decodes to format the other outputs (`EvaluationReport+JSONDecoding`).
/// docs/PROTOCOL.md shows it. Times are RFC 3339 with the working calendar's offset; spans are
/// milliseconds; rates are fractions (0.875), null when their denominator is 0; scores are points
/// out of 100, null when there is none.
extension EvaluationReport {
    public var json: JSONValue {
        var object = JSONObject()
        object.appendUnchecked("from", .string(from.description))
        object.appendUnchecked("to", .string(to.description))
        object.appendUnchecked("previous", ["from": .string(previousFrom.description), "to": .string(from.description)])
        object.appendUnchecked("generated_at", .string(generatedAt.description))
        object.appendUnchecked("time_zone", .string(timeZone))
        object.appendUnchecked("unit", unit.map { ["code": .string($0.rawValue), "name": .from(unitName)] } ?? .null)
        object.appendUnchecked("category", category.map { ["code": .string($0), "name": .from(categoryName)] } ?? .null)
        object.appendUnchecked("by", .string(groupBy.name))
        object.appendUnchecked("weights", weights.json)
        object.appendUnchecked("on_time_target", .from(target))
        object.appendUnchecked("total", Self.json(total))
        object.appendUnchecked("units", .array(units.map { row in
            ["unit": Self.unitJSON(row.unit, row.name), "metrics": Self.json(row.metrics)]
        }))
        object.appendUnchecked("categories", .array(categories.map { row in
            ["category": ["code": .string(row.code), "name": .from(row.name)], "metrics": Self.json(row.metrics)]
        }))
        object.appendUnchecked("responsible_units", .array(responsibleUnits.map { row in
            var item = JSONObject()
            item.appendUnchecked("unit", Self.unitJSON(row.unit, row.name))
            for (key, value) in Self.json(row.current).pairs { item.appendUnchecked(key, value) }
            item.appendUnchecked("previous", .object(Self.json(row.previous)))
            return .object(item)
        }))
        object.appendUnchecked("daily", .array(daily.map { day in
            ["date": .string(day.date.description), "received": .int(Int64(day.received)), "closed": .int(Int64(day.closed))]
        }))
        object.appendUnchecked("overdue_register", ["count": .int(Int64(registerCount)), "incidents": .array(register.map(Self.json))])
        return .object(object)
    }

    static func unitJSON(_ code: UnitCode, _ name: String?) -> JSONValue {
        var unit = JSONObject()
        unit.appendUnchecked("code", .string(code.rawValue))
        unit.appendUnchecked("name", .from(name))
        unit.appendUnchecked("tier", .string(code.tier.name))
        return .object(unit)
    }

    static func json(_ entry: RegisterEntry) -> JSONValue {
        var item = JSONObject()
        item.appendUnchecked("id", .int(entry.id))
        item.appendUnchecked("state", .string(entry.state.rawValue))
        item.appendUnchecked("tier", .string(entry.tier.name))
        item.appendUnchecked("unit", ["code": .string(entry.unit.rawValue), "name": .from(entry.unitName)])
        item.appendUnchecked("category", ["code": .string(entry.category), "name": .from(entry.categoryName)])
        item.appendUnchecked("due_at", .from(entry.dueAt?.description))
        item.appendUnchecked("title", .from(entry.title))
        item.appendUnchecked("overdue", entry.overdue?.json ?? .null)
        return .object(item)
    }

    static func json(_ counts: WindowCounts) -> JSONObject {
        var object = JSONObject()
        object.appendUnchecked("windows", .int(Int64(counts.windows)))
        object.appendUnchecked("overdue", .int(Int64(counts.overdue)))
        object.appendUnchecked("resolved_in_window", .int(Int64(counts.resolvedInWindow)))
        object.appendUnchecked("supervised", .int(Int64(counts.supervised)))
        object.appendUnchecked("requests_approved", .int(Int64(counts.approved)))
        object.appendUnchecked("requests_denied", .int(Int64(counts.denied)))
        return object
    }

    /// The figures of one period, under DOMAIN.md's names, with the counts behind each rate.
    static func json(_ figures: Figures) -> JSONObject {
        func int(_ value: Int) -> JSONValue { .int(Int64(value)) }
        var object = JSONObject()
        object.appendUnchecked("received", int(figures.received))
        object.appendUnchecked("registered", int(figures.registered))
        object.appendUnchecked("rejected", int(figures.rejected))
        object.appendUnchecked("timely_registers", int(figures.timelyRegisters))
        object.appendUnchecked("registers_judged", int(figures.registerJudged))
        object.appendUnchecked("timely_register_rate", .from(figures.timelyRegisterRate))
        object.appendUnchecked("cancelled", int(figures.cancelled))
        object.appendUnchecked("timely_acks", int(figures.timelyAcks))
        object.appendUnchecked("acks_judged", int(figures.acksJudged))
        object.appendUnchecked("timely_ack_rate", .from(figures.timelyAckRate))
        object.appendUnchecked("due", int(figures.due))
        object.appendUnchecked("paused", int(figures.paused))
        object.appendUnchecked("closed", int(figures.closed))
        object.appendUnchecked("closed_of_due", int(figures.closedOfDue))
        object.appendUnchecked("closed_on_time", int(figures.closedOnTime))
        object.appendUnchecked("on_time_rate", .from(figures.onTimeRate))
        object.appendUnchecked("close_rate", .from(figures.closeRate))
        object.appendUnchecked("resolved", int(figures.resolved))
        object.appendUnchecked("reopened", int(figures.reopened))
        object.appendUnchecked("rework_rate", .from(figures.reworkRate))
        object.appendUnchecked("overdue", int(figures.overdue))
        object.appendUnchecked("escalations", int(figures.escalations))
        object.appendUnchecked("escalations_by_tier", [
            "street": int(figures.escalatedToStreet), "district": int(figures.escalatedToDistrict), "city": int(figures.escalatedToCity),
        ])
        object.appendUnchecked("supervised", int(figures.supervised))
        object.appendUnchecked("escalated_by_hand", int(figures.escalatedByHand))
        object.appendUnchecked("visits_satisfied", int(figures.visitsSatisfied))
        object.appendUnchecked("visits", int(figures.visits))
        object.appendUnchecked("satisfaction_rate", .from(figures.satisfactionRate))
        object.appendUnchecked("score", .from(figures.score))
        object.appendUnchecked("rank", .from(figures.rank.map(Int64.init)))
        return object
    }

    static func json(_ metrics: Metrics) -> JSONValue {
        func int(_ value: Int) -> JSONValue { .int(Int64(value)) }
        func spans(_ summary: DurationSummary) -> JSONValue {
            [
                "count": int(summary.count),
                "calendar_ms": ["median": .from(summary.calendarMedian), "p90": .from(summary.calendarP90)],
                "working_ms": ["median": .from(summary.workingMedian), "p90": .from(summary.workingP90)],
            ]
        }
        var object = json(metrics.figures)
        object.appendUnchecked("time_to_ack", spans(metrics.timeToAcknowledge))
        object.appendUnchecked("time_to_resolve", spans(metrics.timeToResolve))
        object.appendUnchecked("open_now", [
            "total": int(metrics.openNow), "green": int(metrics.openGreen), "yellow": int(metrics.openYellow),
            "red": int(metrics.openRed), "paused": int(metrics.openPaused),
        ])
        object.appendUnchecked("previous", .object(json(metrics.previous)))
        return .object(object)
    }
}
