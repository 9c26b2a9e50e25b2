import Synchronization
import GridCore

/// A transition worked out against one row as it was read, ready to be written: the UPDATE of
/// the columns that changed, guarded by the version it was read at, and the events' rows.
///
/// It exists so that the work of a transition — decoding the row, running the lifecycle, encoding
/// and diffing the columns — can happen off the single writer (`IncidentStore.fireTimers` prepares
/// a burst of timers on a reader), leaving the writer only the statements. Writing it is safe
/// whenever the row still has `readVersion`: every change raises the version, so the row is then
/// exactly the one the transition was computed from.
struct PreparedTransition: Sendable {
    var incidentID: Int64
    var readVersion: Int64
    var next: Incident
    var events: [IncidentEvent]
    var updateSQL: String
    /// The changed columns' values, then the id and `readVersion` for the WHERE clause.
    var updateValues: [SQLValue]
    var eventValues: [[SQLValue]]
}

extension IncidentQueries {
    /// What a transition comes to, before anything is written: nothing to write (stale, unchanged),
    /// or a prepared write.
    enum PreparedStep: Sendable {
        case done(TransitionOutcome)
        case write(PreparedTransition)
    }

    /// Runs `body` on `current` and prepares the write, with every check of `transition`: the
    /// expected version (else `.stale`), nothing to do (`.unchanged`), a refusal (the body's
    /// `GridError` is thrown), no change to what is immutable, a version raised.
    static func prepare(
        current: Incident, expectedVersion: Int64?, body: (Incident) throws(GridError) -> IncidentTransition?
    ) throws -> PreparedStep {
        let incidentID = current.id
        if let expectedVersion, expectedVersion != current.version { return .done(.stale(current: current)) }
        guard let change = try body(current) else { return .done(.unchanged(current)) }
        let next = change.incident
        if let problem = immutableChange(from: current, to: next) {
            throw StoreError.operationFailed("transition of incident \(incidentID) \(problem)")
        }
        guard next.version > current.version else {
            throw StoreError.operationFailed(
                "transition of incident \(incidentID) must raise its version above \(current.version), not to \(next.version)")
        }
        // Only the columns that changed: an UPDATE that names an indexed column rewrites that
        // index entry even when the value is the same, and a timer firing changes a few columns.
        let before = IncidentRecords.values(of: current, id: current.id, withPolicy: false)
        let after = IncidentRecords.values(of: next, id: next.id, withPolicy: false)
        let changed = IncidentRecords.mutableIncidentColumnIndexes.filter { before[$0] != after[$0] }
        var values = changed.map { after[$0] }
        values.append(.integer(incidentID))
        values.append(.integer(current.version))
        var events = change.events
        for index in events.indices { events[index].incidentID = incidentID }
        return .write(PreparedTransition(
            incidentID: incidentID, readVersion: current.version, next: next, events: events,
            updateSQL: updateSQL(changedColumns: changed), updateValues: values,
            eventValues: events.map(IncidentRecords.values(of:))))
    }

    /// Writes a prepared transition: `.applied`, or nil — nothing written — if the row no longer has
    /// the version it was prepared from.
    static func apply(_ prepared: PreparedTransition, in context: WriteContext) throws -> TransitionOutcome? {
        let update = try context.statement(prepared.updateSQL)
        try update.bind(prepared.updateValues)
        try update.step()
        switch context.changes {
        case 0: return nil
        case 1: break
        default:
            throw StoreError.operationFailed(
                "transition of incident \(prepared.incidentID) at version \(prepared.readVersion) changed \(context.changes) rows, not 1")
        }
        var recorded = prepared.events
        let insert = try context.statement(insertEvent)
        for index in recorded.indices {
            try insert.bind(prepared.eventValues[index])
            try insert.step()
            recorded[index].seq = context.lastInsertRowID
        }
        return .applied(prepared.next, recorded)
    }

    /// Applies a transition to one incident, inside a write operation: reads the row, checks the
    /// version, runs `body`, replaces the row and appends the events. Writes nothing unless it
    /// returns `.applied`. Runs again from the start if the writer re-runs the batch, so `body`
    /// must have no effect outside its result.
    static func transition(
        incidentID: Int64, expectedVersion: Int64?,
        body: @Sendable (Incident) throws(GridError) -> IncidentTransition?,
        in context: WriteContext
    ) throws -> TransitionOutcome {
        guard let current = try currentRow(incidentID, in: context) else {
            throw GridError(.notFound, "no incident \(incidentID)")
        }
        switch try prepare(current: current, expectedVersion: expectedVersion, body: body) {
        case .done(let outcome):
            return outcome
        case .write(let prepared):
            // Read in this very transaction: the version cannot have moved.
            guard let outcome = try apply(prepared, in: context) else {
                throw StoreError.operationFailed(
                    "transition of incident \(incidentID) at version \(current.version) changed no row")
            }
            return outcome
        }
    }

    /// The row as it is now, read on the writer inside the transaction.
    static func currentRow(_ incidentID: Int64, in context: WriteContext) throws -> Incident? {
        let select = try context.statement(incidentByID)
        try select.bind(.integer(incidentID), at: 1)
        defer { select.reset() }
        guard try select.step() else { return nil }
        return try IncidentRecords.incident(from: select)
    }

    /// `UPDATE incidents SET a = ?, b = ? … WHERE id = ? AND version = ?` for the changed columns,
    /// built once per set of columns (a burst of escalations changes the same few).
    private static func updateSQL(changedColumns: [Int]) -> String {
        var mask: UInt64 = 0
        for index in changedColumns { mask |= 1 << UInt64(index) }
        if let cached = updateStatements.withLock({ $0[mask] }) { return cached }
        let assignments = changedColumns.map { "\(IncidentRecords.incidentColumnNames[$0]) = ?" }.joined(separator: ", ")
        let sql = "UPDATE incidents SET \(assignments) WHERE id = ? AND version = ?"
        updateStatements.withLock { $0[mask] = sql }
        return sql
    }

    private static let updateStatements = Mutex<[UInt64: String]>([:])

    /// What a transition changed that no update may (see `IncidentRecords.immutableIncidentColumns`).
    private static func immutableChange(from current: Incident, to next: Incident) -> String? {
        if next.id != current.id { return "changed its id to \(next.id)" }
        if next.key != current.key { return "changed its idempotency key" }
        if next.createdAt != current.createdAt { return "changed its creation time" }
        if next.source != current.source { return "changed its intake source" }
        if next.createdBy != current.createdBy { return "changed who created it" }
        if next.policy != current.policy { return "changed its policy snapshot (a snapshot never moves)" }
        return nil
    }
}
