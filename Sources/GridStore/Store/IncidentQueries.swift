import GridCore

/// The SQL of the incident store: intake inside a write operation, and the lookups run on readers.
///
/// It exists so that no SQL leaks into `IncidentStore`'s callers: a PostgreSQL backend would be a
/// second file like this one (and a second store type), not a change to the daemon.
enum IncidentQueries {
    static let insertIncident =
        "INSERT INTO incidents (\(IncidentRecords.incidentColumns)) VALUES (\(IncidentRecords.placeholders(IncidentRecords.incidentColumnCount)))"
    static let insertEvent =
        "INSERT INTO events (\(IncidentRecords.eventColumns)) VALUES (\(IncidentRecords.placeholders(IncidentRecords.eventColumnCount)))"
    static let incidentByID = "SELECT \(IncidentRecords.incidentColumns) FROM incidents WHERE id = ?"
    static let incidentByKey = "SELECT \(IncidentRecords.incidentColumns) FROM incidents WHERE key = ?"
    static let eventsOfIncident =
        "SELECT \(IncidentRecords.eventColumns) FROM events WHERE incident_id = ? ORDER BY seq"

    // MARK: Writes (on the writer, inside an operation's savepoint)

    /// Stores a new incident and its first event — unless its idempotency key is already stored
    /// (by an earlier transaction or earlier in this one), in which case nothing is written.
    static func intake(_ incident: Incident, event: IncidentEvent, in context: WriteContext) throws -> IntakeOutcome {
        try intake(PreparedIntake(incident, event: event), in: context)
    }

    /// The row values of an intake, computed off the writer (the writer only binds and steps).
    struct PreparedIntake: Sendable {
        var incident: Incident
        var event: IncidentEvent
        var incidentValues: [SQLValue]
        /// The event's values; index 1 (incident_id) is filled in on the writer.
        var eventValues: [SQLValue]

        init(_ incident: Incident, event: IncidentEvent) {
            self.incident = incident
            self.event = event
            incidentValues = IncidentRecords.values(of: incident, id: nil)
            eventValues = IncidentRecords.values(of: event)
        }
    }

    static func intake(_ prepared: PreparedIntake, in context: WriteContext) throws -> IntakeOutcome {
        let incident = prepared.incident
        if let key = incident.key {
            let lookup = try context.statement(incidentByKey)
            try lookup.bind(.text(key), at: 1)
            defer { lookup.reset() }
            if try lookup.step() {
                return IntakeOutcome(incident: try IncidentRecords.incident(from: lookup), created: false)
            }
        }
        let insert = try context.statement(insertIncident)
        try insert.bind(prepared.incidentValues)
        try insert.step()
        var stored = incident
        stored.id = context.lastInsertRowID
        var recorded = prepared.event
        recorded.incidentID = stored.id
        var eventValues = prepared.eventValues
        eventValues[1] = .integer(stored.id)
        let insertEventRow = try context.statement(insertEvent)
        try insertEventRow.bind(eventValues)
        try insertEventRow.step()
        recorded.seq = context.lastInsertRowID
        return IntakeOutcome(incident: stored, created: true, event: recorded)
    }

    /// Appends an event to the audit trail; returns it with its seq.
    static func append(_ event: IncidentEvent, in context: WriteContext) throws -> IncidentEvent {
        let insert = try context.statement(insertEvent)
        try insert.bind(IncidentRecords.values(of: event))
        try insert.step()
        var recorded = event
        recorded.seq = context.lastInsertRowID
        return recorded
    }

    // MARK: Reads (on a reader connection)

    static func incident(id: Int64, on connection: Connection) throws(StoreError) -> Incident? {
        do {
            let select = try connection.cachedStatement(incidentByID)
            defer { select.reset() }
            try select.bind(.integer(id), at: 1)
            guard try select.step() else { return nil }
            return try IncidentRecords.incident(from: select)
        } catch {
            throw StoreError(error)
        }
    }

    static func events(incidentID: Int64, on connection: Connection) throws(StoreError) -> [IncidentEvent] {
        do {
            let select = try connection.cachedStatement(eventsOfIncident)
            defer { select.reset() }
            try select.bind(.integer(incidentID), at: 1)
            var events: [IncidentEvent] = []
            while try select.step() { events.append(try IncidentRecords.event(from: select)) }
            return events
        } catch {
            throw StoreError(error)
        }
    }

    static func incidents(matching filter: IncidentFilter, on connection: Connection) throws(StoreError) -> [Incident] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let state = filter.state {
            conditions.append("state = ?")
            values.append(.text(state.rawValue))
        }
        if filter.openOnly { conditions.append("state NOT IN ('closed', 'cancelled')") }
        if let tier = filter.tier {
            conditions.append("tier = ?")
            values.append(.integer(Int64(tier.rawValue)))
        }
        if let unit = filter.unit {
            // Codes are digits, so "starts with P" is the range [P, P + ":") (':' sorts right after '9'),
            // which the indexes can serve. A city's units start with its first 4 digits.
            let prefix = unit.tier == .city ? String(unit.rawValue.prefix(4)) : unit.rawValue
            let range = { (column: String) in "(\(column) >= ? AND \(column) < ?)" }
            conditions.append(
                "(\(range("unit")) OR \(range("community")) OR (community IS NULL AND (\(range("street")) OR \(range("district")))))")
            for _ in 0..<4 { values += [.text(prefix), .text(prefix + ":")] }
        }
        if let category = filter.category {
            conditions.append("category = ?")
            values.append(.text(category))
        }
        if let since = filter.createdSince {
            conditions.append("created_at >= ?")
            values.append(.integer(since.milliseconds))
        }
        if let before = filter.createdBefore {
            conditions.append("created_at < ?")
            values.append(.integer(before.milliseconds))
        }
        if let beforeID = filter.beforeID {
            conditions.append("id < ?")
            values.append(.integer(beforeID))
        }
        var sql = "SELECT \(IncidentRecords.incidentColumns) FROM incidents"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC LIMIT ?"
        values.append(.integer(Int64(filter.effectiveLimit)))
        do {
            let select = try connection.cachedStatement(sql)
            defer { select.reset() }
            try select.bind(values)
            var incidents: [Incident] = []
            while try select.step() { incidents.append(try IncidentRecords.incident(from: select)) }
            return incidents
        } catch {
            throw StoreError(error)
        }
    }

    /// Counts, read in one transaction so that they agree with each other.
    static func statistics(on connection: Connection) throws(StoreError) -> StoreStatistics {
        do {
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            var byState = Dictionary(uniqueKeysWithValues: IncidentState.allCases.map { ($0, 0) })
            var total = 0
            let states = try connection.cachedStatement("SELECT state, count(*) FROM incidents GROUP BY state")
            defer { states.reset() }
            while try states.step() {
                let count = Int(states.int64(at: 1))
                total += count
                if let state = states.string(at: 0).flatMap(IncidentState.init(rawValue:)) { byState[state] = count }
            }
            var byTier = Dictionary(uniqueKeysWithValues: Tier.allCases.map { ($0, 0) })
            let tiers = try connection.cachedStatement(
                "SELECT tier, count(*) FROM incidents WHERE state NOT IN ('closed', 'cancelled') GROUP BY tier")
            defer { tiers.reset() }
            while try tiers.step() {
                if let tier = Tier(rawValue: Int(tiers.int64(at: 0))) { byTier[tier] = Int(tiers.int64(at: 1)) }
            }
            let lastID = try connection.scalarInt("SELECT max(id) FROM incidents")
            let events = try connection.cachedStatement("SELECT count(*), max(seq) FROM events")
            defer { events.reset() }
            try events.step()
            let eventCount = Int(events.int64(at: 0))
            let lastSeq = events.optionalInt64(at: 1)
            let version = try Migrator.version(of: connection)
            return StoreStatistics(
                totalIncidents: total, incidentsByState: byState, openIncidentsByTier: byTier, totalEvents: eventCount,
                lastIncidentID: lastID, lastEventSeq: lastSeq, databaseBytes: 0, walBytes: 0, schemaVersion: version,
                committedBatches: 0, committedWrites: 0, failedBatches: 0)
        } catch {
            throw StoreError(error)
        }
    }
}
