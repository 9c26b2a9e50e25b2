import CSQLite
import GridCore

/// The SQL of the report pass (`IncidentStore.reportFacts`): the incidents a report can count,
/// and the few event kinds it needs from their timelines, read in one read transaction. The same
/// pass over the events counts the responsible-unit view (`ResponsibleUnitTally`): event by event,
/// no query per case.
///
/// Two statements rather than a join: a join would look up each incident's events through the
/// `events_incident` index (a random read per event row), while reading the events table straight
/// through is sequential. So the events are read first into per-incident `IncidentEventFacts`,
/// then the incident rows are read in id order and each is handed on with its facts. With a unit
/// or category filter only the events of the selected incidents are read (through the index).
enum ReportQueries {
    /// The event kinds read; the others are skipped.
    private static let kinds = IncidentEventFacts.absorbedKinds

    /// The conditions selecting the incidents of `scope` (`ReportRules.mayCount` for both periods),
    /// with their values.
    static func selection(_ scope: ReportScope) -> (sql: String, values: [SQLValue]) {
        // The integer comparisons first: they decide most rows without comparing the state's text.
        var conditions = ["((updated_at >= ? AND created_at < ?) OR state NOT IN \(SchemaV5Loop.closedStates))"]
        var values: [SQLValue] = [.integer(scope.range.from.milliseconds), .integer(scope.range.to.milliseconds)]
        if let unit = scope.unit {
            // Where it happened: the placement's lowest unit starts with the unit's code (a city's
            // units start with its first 4 digits). Digits sort before ':', so a prefix is a range.
            let prefix = unit.tier == .city ? String(unit.rawValue.prefix(4)) : unit.rawValue
            let range = { (column: String) in "(\(column) >= ? AND \(column) < ?)" }
            conditions.append(
                "(\(range("community")) OR (community IS NULL AND (\(range("street")) OR (street IS NULL AND (\(range("district")) OR (district IS NULL AND \(range("unit"))))))))")
            for _ in 0..<4 { values += [.text(prefix), .text(prefix + ":")] }
        }
        if let category = scope.category {
            conditions.append("category = ?")
            values.append(.text(category))
        }
        return (conditions.joined(separator: " AND "), values)
    }

    /// Every event (of the selected incidents): the kind is matched in Swift on its bytes and the
    /// few detail fields a report reads are found in the raw text (`ReportColumns`), which costs
    /// less than SQLite comparing every kind and parsing every detail's JSON (docs/BENCHMARKS.md).
    static func eventsSQL(restrictedTo selection: String?) -> String {
        var sql = "SELECT incident_id, kind, at, tier, unit, due, detail FROM events"
        if let selection { sql += " WHERE incident_id IN (SELECT id FROM incidents WHERE \(selection))" }
        return sql
    }

    static func incidentsSQL(_ selection: String) -> String {
        """
        SELECT id, category, community, street, district, unit, tier, state, created_at, window, due_at, warned, overdue,
               title, case_due_at, case_warn_at, missed_windows
        FROM incidents WHERE \(selection) ORDER BY id
        """
    }

    /// Reads every incident of `scope` with its event facts and hands each to `body`, in id order;
    /// returns the responsible-unit view's counts of their events.
    @discardableResult
    static func read(
        _ scope: ReportScope, on connection: Connection, _ body: (IncidentFacts) -> Void
    ) throws(StoreError) -> ResponsibleUnitTally {
        do {
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let selection = selection(scope)
            let filtered = scope.unit != nil || scope.category != nil
            var table = filtered ? EventFactsTable.sparse() : EventFactsTable.dense(ids: try idRange(connection))
            var tally = ResponsibleUnitTally()
            try readEvents(
                connection, sql: eventsSQL(restrictedTo: filtered ? selection.sql : nil),
                values: filtered ? selection.values : [], periods: scope.periods, into: &table, tally: &tally)
            try readIncidents(connection, sql: incidentsSQL(selection.sql), values: selection.values, table: table, body)
            return tally
        } catch {
            throw StoreError(error)
        }
    }

    static func idRange(_ connection: Connection) throws(SQLiteError) -> ClosedRange<Int64>? {
        let statement = try connection.prepare("SELECT min(id), max(id) FROM incidents")
        guard try statement.step(), let low = statement.optionalInt64(at: 0), let high = statement.optionalInt64(at: 1) else {
            return nil
        }
        return low...high
    }

    /// Folds every event the statement yields into `table` (per incident) and `tally` (per unit
    /// that held a window): one pass, in any order.
    static func readEvents(
        _ connection: Connection, sql: String, values: [SQLValue], periods: ReportPeriods, into table: inout EventFactsTable,
        tally: inout ResponsibleUnitTally
    ) throws {
        let statement = try connection.prepare(sql)
        try statement.bind(values)
        let handle = statement.handle
        let wanted = ReportColumns.EventKinds(kinds)
        var columns = ReportColumns()
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw SQLiteError(code: rc, connection: connection.handle, sql: sql) }
            guard let kind = wanted.kind(handle, 1) else { continue }
            let incidentID = sqlite3_column_int64(handle, 0)
            guard let tier = Tier(rawValue: Int(sqlite3_column_int64(handle, 3))) else {
                throw StoreError.invalidData("an event of incident \(incidentID) has an invalid tier")
            }
            var event = ReportEvent(kind, at: Timestamp(milliseconds: sqlite3_column_int64(handle, 2)), tier: tier)
            switch kind {
            case .escalated:
                event.due = ReportColumns.instant(handle, 5)
            case .overdue:
                event.due = ReportColumns.instant(handle, 5)
                try columns.charge(handle, 6, into: &event, "an event of incident \(incidentID)")
            case .resolved, .registered, .visited, .approved, .reported:
                try columns.loopDetail(handle, 6, into: &event, "an event of incident \(incidentID)")
            default:
                break
            }
            table.update(incidentID) { $0.absorb(event, periods: periods) }
            if let instant = ResponsibleUnitTally.instant(of: event), let period = periods.period(of: instant) {
                guard let unit = try columns.unit(handle, 4, "an event of incident \(incidentID): unit") else {
                    throw StoreError.invalidData("an event of incident \(incidentID) has no unit")
                }
                tally.add(event, unit: unit, period: period)
            }
        }
    }

    static func readIncidents(
        _ connection: Connection, sql: String, values: [SQLValue], table: EventFactsTable, _ body: (IncidentFacts) -> Void
    ) throws {
        let statement = try connection.prepare(sql)
        try statement.bind(values)
        let handle = statement.handle
        var columns = ReportColumns()
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw SQLiteError(code: rc, connection: connection.handle, sql: sql) }
            let id = sqlite3_column_int64(handle, 0)
            guard let unit = try columns.unit(handle, 5, "incident \(id): unit"),
                let tier = Tier(rawValue: Int(sqlite3_column_int64(handle, 6))),
                let state = ReportColumns.state(handle, 7)
            else {
                throw StoreError.invalidData("incident \(id): unit, tier or state is not valid")
            }
            let placement = try columns.placement(handle, 2, "incident \(id)")
            var facts = IncidentFacts(
                id: id, category: columns.category(handle, 1), community: placement.community, street: placement.street,
                district: placement.district,
                unit: unit, tier: tier, state: state, createdAt: Timestamp(milliseconds: sqlite3_column_int64(handle, 8)),
                window: ReportColumns.window(handle, 9),
                dueAt: ReportColumns.instant(handle, 10),
                warned: sqlite3_column_int64(handle, 11) == 1, overdue: sqlite3_column_int64(handle, 12) == 1,
                events: table.facts(id), caseDueAt: ReportColumns.instant(handle, 14), caseWarnAt: ReportColumns.instant(handle, 15),
                missedWindows: Int(sqlite3_column_int64(handle, 16)))
            // The title is for the 超期 (督办) list: open red cases (the light is judged later, at `now`).
            if state == .dispatched || state == .acknowledged, facts.missedWindows > 0 || facts.caseDueAt != nil,
                let title = ReportColumns.bytes(handle, 13)
            {
                facts.title = String(decoding: title, as: UTF8.self)
            }
            body(facts)
        }
    }
}

/// The event facts of the incidents being read, by id: an array indexed from the lowest id when
/// every incident is read (ids are dense), a dictionary for a filtered selection.
struct EventFactsTable {
    private var dense: [IncidentEventFacts] = []
    private var base: Int64 = 0
    private var sparse: [Int64: IncidentEventFacts] = [:]
    private var isDense = false

    /// For every incident with an id in `ids` (none when the table is empty).
    static func dense(ids: ClosedRange<Int64>?) -> EventFactsTable {
        var table = EventFactsTable()
        table.isDense = true
        if let ids {
            table.base = ids.lowerBound
            table.dense = Array(repeating: IncidentEventFacts(), count: Int(ids.upperBound - ids.lowerBound + 1))
        }
        return table
    }

    /// For a few incidents among many.
    static func sparse() -> EventFactsTable { EventFactsTable() }

    mutating func update(_ id: Int64, _ change: (inout IncidentEventFacts) -> Void) {
        if isDense {
            let index = Int(id - base)
            guard index >= 0, index < dense.count else { return }
            change(&dense[index])
        } else {
            change(&sparse[id, default: IncidentEventFacts()])
        }
    }

    /// Folds in another table of the same incidents (the events another part read).
    mutating func merge(_ other: EventFactsTable) {
        if isDense, other.isDense, other.base == base, other.dense.count == dense.count {
            for index in dense.indices { dense[index].merge(other.dense[index]) }
        } else {
            for id in other.ids { update(id) { $0.merge(other.facts(id)) } }
        }
    }

    /// The ids the table has facts for (dense: every id of its range).
    private var ids: [Int64] {
        isDense ? dense.indices.map { base + Int64($0) } : Array(sparse.keys)
    }

    func facts(_ id: Int64) -> IncidentEventFacts {
        if isDense {
            let index = Int(id - base)
            return index >= 0 && index < dense.count ? dense[index] : IncidentEventFacts()
        }
        return sparse[id] ?? IncidentEventFacts()
    }
}
