/// The JSON form of a report: the result of the `report` op, what `gridctl report --format json`
/// prints, and what gridctl decodes to format the other outputs. docs/PROTOCOL.md shows it.
/// Times are RFC 3339 with the working calendar's offset; spans are milliseconds; rates are
/// fractions (0.875), null when their denominator is 0.
extension EvaluationReport {
    public var json: JSONValue {
        var object = JSONObject()
        object.appendUnchecked("from", .string(from.description))
        object.appendUnchecked("to", .string(to.description))
        object.appendUnchecked("generated_at", .string(generatedAt.description))
        object.appendUnchecked("time_zone", .string(timeZone))
        object.appendUnchecked("unit", unit.map { ["code": .string($0.rawValue), "name": .from(unitName)] } ?? .null)
        object.appendUnchecked("category", category.map { ["code": .string($0), "name": .from(categoryName)] } ?? .null)
        object.appendUnchecked("by", .string(groupBy.name))
        object.appendUnchecked("total", Self.json(total))
        object.appendUnchecked("units", .array(units.map { row in
            var unit = JSONObject()
            unit.appendUnchecked("code", .string(row.unit.rawValue))
            unit.appendUnchecked("name", .from(row.name))
            unit.appendUnchecked("tier", .string(row.unit.tier.name))
            return ["unit": .object(unit), "metrics": Self.json(row.metrics)]
        }))
        object.appendUnchecked("categories", .array(categories.map { row in
            ["category": ["code": .string(row.code), "name": .from(row.name)], "metrics": Self.json(row.metrics)]
        }))
        object.appendUnchecked("daily", .array(daily.map { day in
            ["date": .string(day.date.description), "received": .int(Int64(day.received)), "closed": .int(Int64(day.closed))]
        }))
        var entries: [JSONValue] = []
        for entry in register {
            var item = JSONObject()
            item.appendUnchecked("id", .int(entry.id))
            item.appendUnchecked("state", .string(entry.state.rawValue))
            item.appendUnchecked("tier", .string(entry.tier.name))
            item.appendUnchecked("unit", ["code": .string(entry.unit.rawValue), "name": .from(entry.unitName)])
            item.appendUnchecked("category", ["code": .string(entry.category), "name": .from(entry.categoryName)])
            item.appendUnchecked("due_at", .from(entry.dueAt?.description))
            item.appendUnchecked("title", .from(entry.title))
            entries.append(.object(item))
        }
        object.appendUnchecked("overdue_register", ["count": .int(Int64(registerCount)), "incidents": .array(entries)])
        return .object(object)
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
        var object = JSONObject()
        object.appendUnchecked("received", int(metrics.received))
        object.appendUnchecked("cancelled", int(metrics.cancelled))
        object.appendUnchecked("closed", int(metrics.closed))
        object.appendUnchecked("reworked", int(metrics.reworked))
        object.appendUnchecked("due", int(metrics.due))
        object.appendUnchecked("deferred", int(metrics.deferred))
        object.appendUnchecked("closed_of_due", int(metrics.closedOfDue))
        object.appendUnchecked("closed_on_time", int(metrics.closedOnTime))
        object.appendUnchecked("on_time_rate", .from(metrics.onTimeRate))
        object.appendUnchecked("close_rate", .from(metrics.closeRate))
        object.appendUnchecked("rework_rate", .from(metrics.reworkRate))
        object.appendUnchecked("escalations", [
            "street": int(metrics.escalatedToStreet), "district": int(metrics.escalatedToDistrict), "city": int(metrics.escalatedToCity),
        ])
        object.appendUnchecked("entered_overdue", int(metrics.enteredOverdue))
        object.appendUnchecked("time_to_ack", spans(metrics.timeToAcknowledge))
        object.appendUnchecked("time_to_resolve", spans(metrics.timeToResolve))
        object.appendUnchecked("open_now", [
            "total": int(metrics.openNow), "green": int(metrics.openGreen), "yellow": int(metrics.openYellow),
            "red": int(metrics.openRed), "paused": int(metrics.openPaused),
        ])
        return .object(object)
    }

    /// Reads a report back from its JSON form (gridctl, from the daemon's answer). Rates are
    /// recomputed from the counts; a missing or mistyped field is an error naming it.
    public init(json value: JSONValue) throws(GridError) {
        let object = try ReportJSONReader.object(value, "report")
        let read = ReportJSONReader(object, "report")
        from = try read.time("from")
        to = try read.time("to")
        generatedAt = try read.time("generated_at")
        timeZone = try read.string("time_zone")
        if let unitObject = try read.optionalObject("unit") {
            let unitReader = ReportJSONReader(unitObject, "unit")
            unit = try unitReader.unitCode("code")
            unitName = try unitReader.optionalString("name")
        }
        if let categoryObject = try read.optionalObject("category") {
            let categoryReader = ReportJSONReader(categoryObject, "category")
            category = try categoryReader.string("code")
            categoryName = try categoryReader.optionalString("name")
        }
        guard let tier = Tier(name: try read.string("by")) else { throw GridError(.invalidField, "report.by is not a tier") }
        groupBy = tier
        total = try Self.metrics(try read.object("total"), "total")
        units = try read.array("units").map { (item) throws(GridError) -> UnitRow in
            let row = ReportJSONReader(try ReportJSONReader.object(item, "units[]"), "units[]")
            let unit = ReportJSONReader(try row.object("unit"), "units[].unit")
            return UnitRow(unit: try unit.unitCode("code"), name: try unit.optionalString("name"), metrics: try Self.metrics(try row.object("metrics"), "units[].metrics"))
        }
        categories = try read.array("categories").map { (item) throws(GridError) -> CategoryRow in
            let row = ReportJSONReader(try ReportJSONReader.object(item, "categories[]"), "categories[]")
            let category = ReportJSONReader(try row.object("category"), "categories[].category")
            return CategoryRow(
                code: try category.string("code"), name: try category.optionalString("name"),
                metrics: try Self.metrics(try row.object("metrics"), "categories[].metrics"))
        }
        daily = try read.array("daily").map { (item) throws(GridError) -> DailyVolume in
            let day = ReportJSONReader(try ReportJSONReader.object(item, "daily[]"), "daily[]")
            guard let date = CivilDate(iso: try day.string("date")) else { throw GridError(.invalidField, "daily[].date is not a date") }
            return DailyVolume(date: date, received: try day.int("received"), closed: try day.int("closed"))
        }
        let registerReader = ReportJSONReader(try read.object("overdue_register"), "overdue_register")
        registerCount = try registerReader.int("count")
        register = try registerReader.array("incidents").map { (item) throws(GridError) -> RegisterEntry in
            let entry = ReportJSONReader(try ReportJSONReader.object(item, "overdue_register.incidents[]"), "overdue_register.incidents[]")
            let unit = ReportJSONReader(try entry.object("unit"), "overdue_register.incidents[].unit")
            let category = ReportJSONReader(try entry.object("category"), "overdue_register.incidents[].category")
            guard let state = IncidentState(rawValue: try entry.string("state")), let tier = Tier(name: try entry.string("tier")) else {
                throw GridError(.invalidField, "overdue_register.incidents[]: state or tier is not valid")
            }
            return RegisterEntry(
                id: Int64(try entry.int("id")), state: state, tier: tier, unit: try unit.unitCode("code"),
                unitName: try unit.optionalString("name"), category: try category.string("code"),
                categoryName: try category.optionalString("name"), dueAt: try entry.optionalTime("due_at"),
                title: try entry.optionalString("title"))
        }
    }

    private static func metrics(_ object: JSONObject, _ context: String) throws(GridError) -> Metrics {
        let read = ReportJSONReader(object, context)
        func spans(_ name: String) throws(GridError) -> DurationSummary {
            let summary = ReportJSONReader(try read.object(name), "\(context).\(name)")
            let calendar = ReportJSONReader(try summary.object("calendar_ms"), "\(context).\(name).calendar_ms")
            let working = ReportJSONReader(try summary.object("working_ms"), "\(context).\(name).working_ms")
            return DurationSummary(
                count: try summary.int("count"), calendarMedian: try calendar.optionalInt64("median"),
                calendarP90: try calendar.optionalInt64("p90"), workingMedian: try working.optionalInt64("median"),
                workingP90: try working.optionalInt64("p90"))
        }
        var metrics = Metrics()
        metrics.received = try read.int("received")
        metrics.cancelled = try read.int("cancelled")
        metrics.closed = try read.int("closed")
        metrics.reworked = try read.int("reworked")
        metrics.due = try read.int("due")
        metrics.deferred = try read.int("deferred")
        metrics.closedOfDue = try read.int("closed_of_due")
        metrics.closedOnTime = try read.int("closed_on_time")
        let escalations = ReportJSONReader(try read.object("escalations"), "\(context).escalations")
        metrics.escalatedToStreet = try escalations.int("street")
        metrics.escalatedToDistrict = try escalations.int("district")
        metrics.escalatedToCity = try escalations.int("city")
        metrics.enteredOverdue = try read.int("entered_overdue")
        metrics.timeToAcknowledge = try spans("time_to_ack")
        metrics.timeToResolve = try spans("time_to_resolve")
        let open = ReportJSONReader(try read.object("open_now"), "\(context).open_now")
        metrics.openGreen = try open.int("green")
        metrics.openYellow = try open.int("yellow")
        metrics.openRed = try open.int("red")
        metrics.openPaused = try open.int("paused")
        return metrics
    }
}

/// Reads the fields of one object of a report's JSON, naming the field when it is missing or
/// of the wrong type.
struct ReportJSONReader {
    let object: JSONObject
    let context: String

    init(_ object: JSONObject, _ context: String) {
        self.object = object
        self.context = context
    }

    static func object(_ value: JSONValue, _ context: String) throws(GridError) -> JSONObject {
        guard let object = value.objectValue else { throw GridError(.invalidField, "\(context) must be an object, not \(value.typeName)") }
        return object
    }

    private func problem(_ name: String, _ expected: String) -> GridError {
        GridError(.invalidField, "\(context).\(name) must be \(expected)")
    }

    func object(_ name: String) throws(GridError) -> JSONObject {
        guard let object = object[name]?.objectValue else { throw problem(name, "an object") }
        return object
    }

    func optionalObject(_ name: String) throws(GridError) -> JSONObject? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let inner = value.objectValue else { throw problem(name, "an object or null") }
        return inner
    }

    func array(_ name: String) throws(GridError) -> [JSONValue] {
        guard let array = object[name]?.arrayValue else { throw problem(name, "an array") }
        return array
    }

    func string(_ name: String) throws(GridError) -> String {
        guard let string = object[name]?.stringValue else { throw problem(name, "a string") }
        return string
    }

    func optionalString(_ name: String) throws(GridError) -> String? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let string = value.stringValue else { throw problem(name, "a string or null") }
        return string
    }

    func int(_ name: String) throws(GridError) -> Int {
        guard let value = object[name]?.intValue, let int = Int(exactly: value) else { throw problem(name, "an integer") }
        return int
    }

    func optionalInt64(_ name: String) throws(GridError) -> Int64? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let int = value.intValue else { throw problem(name, "an integer or null") }
        return int
    }

    func unitCode(_ name: String) throws(GridError) -> UnitCode {
        guard let code = UnitCode(try string(name)) else { throw problem(name, "a unit code") }
        return code
    }

    func time(_ name: String) throws(GridError) -> LocalTime {
        guard let time = LocalTime(rfc3339: try string(name)) else { throw problem(name, "an RFC 3339 time") }
        return time
    }

    func optionalTime(_ name: String) throws(GridError) -> LocalTime? {
        guard let text = try optionalString(name) else { return nil }
        guard let time = LocalTime(rfc3339: text) else { throw problem(name, "an RFC 3339 time") }
        return time
    }
}
