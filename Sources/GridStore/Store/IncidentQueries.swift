import CSQLite
import GridCore

/// The SQL of the incident store: intake inside a write operation, and the lookups run on readers.
///
/// It exists so that no SQL leaks into `IncidentStore`'s callers: a PostgreSQL backend would be a
/// second file like this one (and a second store type), not a change to the daemon.
enum IncidentQueries {
    /// The model's columns, then the key's scope and content digest (written only here, at intake).
    /// `ON CONFLICT DO NOTHING`: a key already stored (the only uniqueness an insert can meet,
    /// `incidents_key`) writes nothing, and only then is the stored incident looked up — a new
    /// report costs one statement, not a lookup and an insert.
    static let insertIncident = """
        INSERT INTO incidents (\(IncidentRecords.incidentColumns), key_uid, key_digest) \
        VALUES (\(IncidentRecords.placeholders(IncidentRecords.incidentColumnCount + 2))) ON CONFLICT DO NOTHING
        """
    static let insertEvent =
        "INSERT INTO events (\(IncidentRecords.eventColumns)) VALUES (\(IncidentRecords.placeholders(IncidentRecords.eventColumnCount)))"
    static let incidentByID = "SELECT \(IncidentRecords.incidentColumns) FROM incidents WHERE id = ?"
    /// The incident stored under a key by a submitter, with the digest of its content (last column).
    static let incidentByKey =
        "SELECT \(IncidentRecords.incidentColumns), key_digest FROM incidents WHERE key_uid = ? AND key = ?"
    static let eventsOfIncident =
        "SELECT \(IncidentRecords.eventColumns) FROM events WHERE incident_id = ? ORDER BY seq"
    /// Every pending timer in firing order, from the partial covering index alone.
    static let pendingTimers = """
        SELECT id, version, next_timer_kind, next_timer_at FROM incidents INDEXED BY incidents_next_timer
        WHERE next_timer_at IS NOT NULL ORDER BY next_timer_at, id
        """
    static let pendingTimerCount =
        "SELECT count(*) FROM incidents INDEXED BY incidents_next_timer WHERE next_timer_at IS NOT NULL"

    // MARK: Writes (on the writer, inside an operation's savepoint)

    /// Stores a new incident and its first event — unless its idempotency key is already stored
    /// (by an earlier transaction or earlier in this one), in which case nothing is written.
    /// Without a content digest, a stored key is always "the same report".
    static func intake(_ incident: Incident, event: IncidentEvent, in context: WriteContext) throws -> IntakeOutcome {
        let prepared = PreparedIntake(incident, event: event, keyDigest: nil)
        return try intake(prepared, in: context).get(prepared)
    }

    /// The row values of an intake, computed off the writer (the writer only binds and steps).
    struct PreparedIntake: Sendable {
        var incident: Incident
        var event: IncidentEvent
        /// The SHA-256 of the report's content (`ReportDigest`), kept with the key.
        var keyDigest: [UInt8]?
        /// The incident's values, then `key_uid` and `key_digest` (`incidentValues`), then the
        /// event's (`eventValues`; its index 1, incident_id, is bound over on the writer): one
        /// row, one buffer per report.
        var values: SQLRow
        static let incidentValues = 0..<IncidentRecords.incidentColumnCount + 2
        static let eventValues = incidentValues.upperBound..<incidentValues.upperBound + IncidentRecords.eventColumnCount

        init(_ incident: Incident, event: IncidentEvent, keyDigest: [UInt8]?) {
            self.incident = incident
            self.event = event
            let keyed = incident.key != nil
            self.keyDigest = keyed ? keyDigest : nil
            values = SQLRow(capacity: Self.eventValues.upperBound)
            IncidentRecords.append(incident, id: nil, to: &values)
            values.append(keyed ? .integer(Int64(incident.createdBy.uid)) : .null)
            values.append(keyed ? keyDigest.map { SQLValue.blob($0) } ?? .null : .null)
            IncidentRecords.append(event, to: &values)
        }
    }

    /// What an intake did: stored, found stored, or found the key used for other content. A key
    /// conflict is a result, not a thrown error: a thrown one would make the group commit run the
    /// whole batch again with a savepoint per operation.
    enum IntakeResult: Sendable {
        /// Stored now under `id`, its first event under `seq`: the rest is the prepared row, so
        /// the writer copies nothing and the outcome is put together off it (`get`).
        case created(id: Int64, seq: Int64)
        /// Found stored under the submitter's key, with the same content.
        case outcome(IntakeOutcome)
        /// The submitter's key is stored with a different content digest: nothing was written.
        case keyConflict(stored: Incident)

        /// The outcome of `prepared`'s intake, or the `key_conflict` refusal.
        func get(_ prepared: PreparedIntake) throws(StoreError) -> IntakeOutcome {
            switch self {
            case .created(let id, let seq):
                var incident = prepared.incident
                incident.id = id
                var event = prepared.event
                event.incidentID = id
                event.seq = seq
                return IntakeOutcome(incident: incident, created: true, event: event)
            case .outcome(let outcome): return outcome
            case .keyConflict(let stored):
                throw .refused(GridError(
                    .keyConflict,
                    "key \(stored.key.map { "\"\($0)\"" } ?? "-") was already used by this submitter for incident "
                        + "\(stored.id), a report with different content; a new report needs a new key"))
            }
        }
    }

    /// The two statements of an intake, looked up in the statement cache once for a whole batch
    /// (the lookup hashes the SQL text, a kilobyte for the incident's insert).
    struct IntakeStatements {
        let incident: Statement
        let event: Statement

        init(in context: WriteContext) throws(SQLiteError) {
            incident = try context.statement(insertIncident)
            event = try context.statement(insertEvent)
        }
    }

    static func intake(_ prepared: PreparedIntake, in context: WriteContext) throws -> IntakeResult {
        try intake(prepared, with: IntakeStatements(in: context), in: context)
    }

    /// On the writer, where each copy of a value and each allocation is paid by every submit:
    /// the prepared rows are bound where they lie, pointers into their buffers (`SQLRow`), the
    /// event's incident id over its placeholder.
    private static func intake(_ prepared: PreparedIntake, with statements: IntakeStatements, in context: WriteContext) throws -> IntakeResult {
        let insert = statements.incident
        insert.reset()
        try insert.withBindings(prepared.values, PreparedIntake.incidentValues) { (statement) throws(SQLiteError) in
            _ = try statement.step()
        }
        if let key = prepared.incident.key, context.changes == 0 { return try stored(prepared, key: key, in: context) }
        let id = context.lastInsertRowID
        let insertEventRow = statements.event
        insertEventRow.reset()
        try insertEventRow.withBindings(prepared.values, PreparedIntake.eventValues) { (statement) throws(SQLiteError) in
            try statement.bind(.integer(id), at: 2)
            _ = try statement.step()
        }
        return .created(id: id, seq: context.lastInsertRowID)
    }

    /// The incident already stored under the submitter's `key` (by an earlier transaction or
    /// earlier in this one): the same report, or a key conflict when the digests differ.
    private static func stored(_ prepared: PreparedIntake, key: String, in context: WriteContext) throws -> IntakeResult {
        let lookup = try context.statement(incidentByKey)
        try lookup.bind(.integer(Int64(prepared.incident.createdBy.uid)), at: 1)
        try lookup.bind(.text(key), at: 2)
        defer { lookup.reset() }
        guard try lookup.step() else {
            throw SQLiteError(extendedCode: SQLITE_CONSTRAINT, message: "incident insert ignored, but no incident has its key", sql: incidentByKey)
        }
        let stored = try IncidentRecords.incident(from: lookup)
        // NULL (stored before digests were kept) or none given: unknown, taken as the same.
        if let storedDigest = lookup.blob(at: Int32(IncidentRecords.incidentColumnCount)),
            let digest = prepared.keyDigest, storedDigest != digest
        {
            return .keyConflict(stored: stored)
        }
        return .outcome(IntakeOutcome(incident: stored, created: false))
    }

    /// A batch of intakes in one operation. Optimistically without savepoints (any failure
    /// fails the operation, and the writer runs the batch again isolating); isolating, each
    /// report in its own savepoint, a failing one undone alone and given its error.
    static func intake(batch: [IncidentStore.BatchItem], in context: WriteContext) throws -> [Result<IntakeResult, StoreError>] {
        let statements = try IntakeStatements(in: context)
        guard context.isolating else {
            var results: [Result<IntakeResult, StoreError>] = []
            results.reserveCapacity(batch.count)
            for index in batch.indices { results.append(.success(try intake(batch[index].prepared, with: statements, in: context))) }
            return results
        }
        let connection = context.connection
        return try batch.map { (item) throws -> Result<IntakeResult, StoreError> in
            let prepared = item.prepared
            try connection.executeCached("SAVEPOINT report")
            do {
                let result = try intake(prepared, with: statements, in: context)
                try connection.executeCached("RELEASE report")
                return .success(result)
            } catch {
                // Rolled back whole by SQLite (disk full, I/O error): the batch fails as a whole.
                guard connection.isInTransaction else { throw error }
                try connection.executeCached("ROLLBACK TO report")
                try connection.executeCached("RELEASE report")
                return .failure(StoreError(error))
            }
        }
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

    /// The states `status` counts through `incidents_state` (each a range of it, read in index
    /// order: no sort), with their count per tier: all but `closed`, which holds most of the
    /// history and is counted as the rest of the total.
    static let stateCounts = """
        SELECT state, count(*), \(Tier.allCases.map { "sum(tier = \($0.rawValue))" }.joined(separator: ", ")) \
        FROM incidents INDEXED BY incidents_state \
        WHERE state IN \(sqlList(IncidentState.allCases.filter { $0 != .closed })) GROUP BY state
        """
    /// The incidents' count is the last id, as the events' is the last seq: the id is the rowid
    /// (SQLite gives each insert the highest + 1; a rolled-back transaction leaves no gap), only
    /// the migrations' table rebuilds set it (by copying), and nothing deletes an incident (each
    /// has its first event, whose foreign key refuses it).
    static let lastIncidentID = "SELECT max(id) FROM incidents"

    /// `('a', 'b')`.
    private static func sqlList(_ states: [IncidentState]) -> String {
        "(" + states.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }

    /// The events' count and last seq (`statistics`), one seek to the end of the table.
    static let lastEventSeq = "SELECT max(seq) FROM events"

    // MARK: Reads (on a reader connection)

    static let openCondition = "state NOT IN \(SchemaV5Loop.closedStates)"
    /// Red at `?` (`CaseLight`): the 超期 (督办) list. Binds `now` twice. Its first two terms are
    /// what `incidents_light` is searched by (its partial condition and its key).
    static let redCondition = """
        \(SchemaV5Loop.lightStates) AND \(SchemaV4CaseDeadlines.attentionExpression) <= ? \
        AND (missed_windows > 0 OR (case_due_at IS NOT NULL AND case_due_at <= ?))
        """
    /// Yellow at `?` (`CaseLight`): not red, and the running window warned or the case deadline's
    /// warning has passed. Binds `now` three times.
    static let yellowCondition = """
        \(SchemaV5Loop.lightStates) AND \(SchemaV4CaseDeadlines.attentionExpression) <= ? \
        AND missed_windows = 0 AND (case_due_at IS NULL OR case_due_at > ?) \
        AND (warned = 1 OR (case_warn_at IS NOT NULL AND case_warn_at <= ?))
        """

    /// Every pending timer, ordered by time then incident id, for the scheduler's start-up rebuild.
    /// Lean on purpose (a million rows at start-up): one read transaction, a count to reserve the
    /// array, then a plain `sqlite3_step` loop over the covering index; no `Incident` is decoded.
    static func pendingTimers(on connection: Connection) throws(StoreError) -> [ScheduledTimer] {
        do {
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let expected = try connection.scalarInt(pendingTimerCount) ?? 0
            var timers: [ScheduledTimer] = []
            timers.reserveCapacity(Int(expected))
            let statement = try connection.prepare(pendingTimers)
            let handle = statement.handle
            while true {
                let rc = sqlite3_step(handle)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw SQLiteError(code: rc, connection: connection.handle, sql: pendingTimers) }
                let id = sqlite3_column_int64(handle, 0)
                guard let kind = timerKind(sqlite3_column_text(handle, 2), count: sqlite3_column_bytes(handle, 2)) else {
                    let text = statement.string(at: 2).map { $0.debugDescription } ?? "NULL"
                    throw StoreError.invalidData("incident \(id): column next_timer_kind = \(text) is not valid")
                }
                timers.append(
                    ScheduledTimer(
                        incidentID: id, version: sqlite3_column_int64(handle, 1), kind: kind,
                        at: Timestamp(milliseconds: sqlite3_column_int64(handle, 3))))
            }
            return timers
        } catch {
            throw StoreError(error)
        }
    }

    /// Each timer kind with the bytes it is stored as.
    private static let timerKinds = PendingTimer.Kind.allCases.map { ($0, Array($0.rawValue.utf8)) }

    /// `next_timer_kind` from the column's bytes, without making a String per row.
    private static func timerKind(_ text: UnsafePointer<UInt8>?, count: Int32) -> PendingTimer.Kind? {
        guard let text else { return nil }
        let length = Int(count)
        search: for (kind, bytes) in timerKinds where bytes.count == length {
            for offset in 0..<length where text[offset] != bytes[offset] { continue search }
            return kind
        }
        return nil
    }

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

    /// Counts, read in one transaction so that they agree with each other; the lights at `now`.
    /// How many cases `condition` (a light's, with `now` bound `binding` times) holds, read from the
    /// light index alone.
    private static func countLit(_ condition: String, binding: Int, now: Timestamp, on connection: Connection) throws -> Int {
        let count = try connection.cachedStatement("SELECT count(*) FROM incidents INDEXED BY incidents_light WHERE \(condition)")
        defer { count.reset() }
        try count.bind(Array(repeating: SQLValue.integer(now.milliseconds), count: binding))
        guard try count.step() else { return 0 }
        return Int(count.int64(at: 0))
    }

    static func statistics(now: Timestamp, on connection: Connection) throws(StoreError) -> StoreStatistics {
        do {
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            var byState = Dictionary(uniqueKeysWithValues: IncidentState.allCases.map { ($0, 0) })
            var byTier = Dictionary(uniqueKeysWithValues: Tier.allCases.map { ($0, 0) })
            var byTierAndState: [Tier: [IncidentState: Int]] = [:]
            // Every incident is counted by its id (`lastIncidentID`); the states but `closed` from
            // their ranges of incidents_state, `closed` (most of the history) as the rest.
            let lastID = try connection.scalarInt(lastIncidentID)
            let total = Int(lastID ?? 0)
            let states = try connection.cachedStatement(stateCounts)
            defer { states.reset() }
            var counted = 0
            while try states.step() {
                guard let state = states.string(at: 0).flatMap(IncidentState.init(rawValue:)) else { continue }
                byState[state] = Int(states.int64(at: 1))
                counted += Int(states.int64(at: 1))
                // The open cases per tier and state, from the same pass (the tier is in the index).
                guard state.isOpen else { continue }
                for (column, tier) in Tier.allCases.enumerated() {
                    let count = Int(states.int64(at: Int32(2 + column)))
                    byTier[tier, default: 0] += count
                    if count > 0 { byTierAndState[tier, default: [:]][state] = count }
                }
            }
            byState[.closed] = total - counted
            // The red (超期) and yellow counts: `list --overdue` / `--near-deadline`'s conditions,
            // through `incidents_light` (only the cases that are not green), not a test of every row.
            let overdue = try countLit(redCondition, binding: 2, now: now, on: connection)
            let nearDeadline = try countLit(yellowCondition, binding: 3, now: now, on: connection)
            let pending = Int(try connection.scalarInt(pendingTimerCount) ?? 0)
            // The events' count is the last seq: seq is the rowid (SQLite gives each insert the
            // highest + 1; a rolled-back transaction leaves no gap), nobody sets it but the
            // migrations' table rebuilds, which copy it, and a trigger refuses every DELETE.
            let lastSeq = try connection.scalarInt(lastEventSeq)
            let eventCount = Int(lastSeq ?? 0)
            let version = try Migrator.version(of: connection)
            return StoreStatistics(
                totalIncidents: total, incidentsByState: byState, openIncidentsByTier: byTier,
                openIncidentsByTierAndState: byTierAndState, overdueIncidents: overdue,
                nearDeadlineIncidents: nearDeadline, pendingTimers: pending, totalEvents: eventCount,
                lastIncidentID: lastID, lastEventSeq: lastSeq, databaseBytes: 0, walBytes: 0, schemaVersion: version,
                committedBatches: 0, committedWrites: 0, failedBatches: 0)
        } catch {
            throw StoreError(error)
        }
    }
}
