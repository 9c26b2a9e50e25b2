/// Reading a report back from its JSON form (gridctl, from the daemon's answer): the counts are
/// read, and the rates, scores and ranks recomputed from them and the report's `weights` — the
/// same functions that made them — so the report read back equals the report sent. A missing or
/// mistyped field is an error naming it.
extension EvaluationReport {
    public init(json value: JSONValue) throws(GridError) {
        let read = ReportJSONReader(try ReportJSONReader.object(value, "report"), "report")
        let previous = ReportJSONReader(try read.object("previous"), "report.previous")
        var unit: UnitCode?, unitName: String?, category: String?, categoryName: String?
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
        let weightsReader = ReportJSONReader(try read.object("weights"), "report.weights")
        let weights = EvaluationWeights(
            onTime: try weightsReader.int("on_time"), close: try weightsReader.int("close"), rework: try weightsReader.int("rework"))
        self.init(
            from: try read.time("from"), to: try read.time("to"), previousFrom: try previous.time("from"),
            generatedAt: try read.time("generated_at"), timeZone: try read.string("time_zone"), unit: unit, unitName: unitName,
            category: category, categoryName: categoryName, groupBy: tier, weights: weights,
            total: try Self.metrics(try read.object("total"), "total"), units: try Self.unitRows(read),
            categories: try Self.categoryRows(read), responsibleUnits: try Self.responsibleRows(read),
            daily: try Self.daily(read), registerCount: 0, register: [])
        let registerReader = ReportJSONReader(try read.object("overdue_register"), "overdue_register")
        registerCount = try registerReader.int("count")
        register = try registerReader.array("incidents").map(Self.registerEntry)
        // Absent from a daemon older than `Target=`: no target.
        if let value = read.object["on_time_target"], !value.isNull {
            guard let fraction = value.doubleValue else { throw GridError(.invalidField, "report.on_time_target must be a number or null") }
            target = fraction
        }
        self = scored(weights: weights)
    }

    private static func unitRows(_ read: ReportJSONReader) throws(GridError) -> [UnitRow] {
        try read.array("units").map { (item) throws(GridError) -> UnitRow in
            let row = ReportJSONReader(try ReportJSONReader.object(item, "units[]"), "units[]")
            let unit = ReportJSONReader(try row.object("unit"), "units[].unit")
            return UnitRow(
                unit: try unit.unitCode("code"), name: try unit.optionalString("name"),
                metrics: try metrics(try row.object("metrics"), "units[].metrics"))
        }
    }

    private static func categoryRows(_ read: ReportJSONReader) throws(GridError) -> [CategoryRow] {
        try read.array("categories").map { (item) throws(GridError) -> CategoryRow in
            let row = ReportJSONReader(try ReportJSONReader.object(item, "categories[]"), "categories[]")
            let category = ReportJSONReader(try row.object("category"), "categories[].category")
            return CategoryRow(
                code: try category.string("code"), name: try category.optionalString("name"),
                metrics: try metrics(try row.object("metrics"), "categories[].metrics"))
        }
    }

    private static func responsibleRows(_ read: ReportJSONReader) throws(GridError) -> [ResponsibleRow] {
        func counts(_ reader: ReportJSONReader) throws(GridError) -> WindowCounts {
            WindowCounts(
                windows: try reader.int("windows"), overdue: try reader.int("overdue"),
                resolvedInWindow: try reader.int("resolved_in_window"), supervised: try reader.int("supervised"),
                approved: try reader.int("requests_approved"), denied: try reader.int("requests_denied"))
        }
        return try read.array("responsible_units").map { (item) throws(GridError) -> ResponsibleRow in
            let row = ReportJSONReader(try ReportJSONReader.object(item, "responsible_units[]"), "responsible_units[]")
            let unit = ReportJSONReader(try row.object("unit"), "responsible_units[].unit")
            return ResponsibleRow(
                unit: try unit.unitCode("code"), name: try unit.optionalString("name"), current: try counts(row),
                previous: try counts(ReportJSONReader(try row.object("previous"), "responsible_units[].previous")))
        }
    }

    private static func daily(_ read: ReportJSONReader) throws(GridError) -> [DailyVolume] {
        try read.array("daily").map { (item) throws(GridError) -> DailyVolume in
            let day = ReportJSONReader(try ReportJSONReader.object(item, "daily[]"), "daily[]")
            guard let date = CivilDate(iso: try day.string("date")) else { throw GridError(.invalidField, "daily[].date is not a date") }
            return DailyVolume(date: date, received: try day.int("received"), closed: try day.int("closed"))
        }
    }

    private static func registerEntry(_ item: JSONValue) throws(GridError) -> RegisterEntry {
        let entry = ReportJSONReader(try ReportJSONReader.object(item, "overdue_register.incidents[]"), "overdue_register.incidents[]")
        let unit = ReportJSONReader(try entry.object("unit"), "overdue_register.incidents[].unit")
        let category = ReportJSONReader(try entry.object("category"), "overdue_register.incidents[].category")
        guard let state = IncidentState(rawValue: try entry.string("state")), let tier = Tier(name: try entry.string("tier")) else {
            throw GridError(.invalidField, "overdue_register.incidents[]: state or tier is not valid")
        }
        var result = RegisterEntry(
            id: Int64(try entry.int("id")), state: state, tier: tier, unit: try unit.unitCode("code"),
            unitName: try unit.optionalString("name"), category: try category.string("code"),
            categoryName: try category.optionalString("name"), dueAt: try entry.optionalTime("due_at"),
            title: try entry.optionalString("title"))
        if let overdue = try entry.optionalObject("overdue") { result.overdue = try RegisterOverdue(json: overdue) }
        return result
    }

    private static func figures(_ read: ReportJSONReader, _ context: String) throws(GridError) -> Figures {
        var figures = Figures()
        figures.received = try read.int("received")
        figures.registered = try read.int("registered")
        figures.rejected = try read.int("rejected")
        figures.cancelled = try read.int("cancelled")
        figures.timelyRegisters = try read.int("timely_registers")
        figures.registerJudged = try read.int("registers_judged")
        figures.timelyAcks = try read.int("timely_acks")
        figures.acksJudged = try read.int("acks_judged")
        figures.due = try read.int("due")
        figures.paused = try read.int("paused")
        figures.closed = try read.int("closed")
        figures.closedOfDue = try read.int("closed_of_due")
        figures.closedOnTime = try read.int("closed_on_time")
        figures.resolved = try read.int("resolved")
        figures.reopened = try read.int("reopened")
        figures.overdue = try read.int("overdue")
        figures.supervised = try read.int("supervised")
        figures.escalatedByHand = try read.int("escalated_by_hand")
        figures.visitsSatisfied = try read.int("visits_satisfied")
        figures.visits = try read.int("visits")
        let escalations = ReportJSONReader(try read.object("escalations_by_tier"), "\(context).escalations_by_tier")
        figures.escalatedToStreet = try escalations.int("street")
        figures.escalatedToDistrict = try escalations.int("district")
        figures.escalatedToCity = try escalations.int("city")
        return figures
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
        metrics.figures = try figures(read, context)
        metrics.previous = try figures(ReportJSONReader(try read.object("previous"), "\(context).previous"), "\(context).previous")
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
