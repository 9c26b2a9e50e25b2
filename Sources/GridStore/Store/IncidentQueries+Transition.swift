import Synchronization
import GridCore

/// A transition worked out against one row as it was read, ready to be written: the UPDATE of
/// the columns that changed, guarded by the version it was read at, and the events' rows.
///
/// It exists so that the work of a transition — deciding it, encoding and diffing the columns —
/// happens off the single writer, on whatever queue the caller likes (`init` is pure), leaving
/// the writer only the statements to bind and step (`IncidentStore.apply`). Writing it is a
/// compare-and-set: it takes effect only while the row still has `readVersion`, and since every
/// change raises the version, the row is then exactly the one the transition was computed from.
public struct PreparedTransition: Sendable {
    public let incidentID: Int64
    /// The version of the row the transition was decided against: the write's condition.
    public let readVersion: Int64
    /// The incident as it will be stored.
    public let incident: Incident
    /// The events to append, their `incidentID` set (their `seq` is assigned at the write).
    public let events: [IncidentEvent]
    let updateSQL: String
    /// The changed columns' values, then the id and `readVersion` for the WHERE clause.
    let updateValues: [SQLValue]
    let eventValues: [[SQLValue]]

    /// Prepares `change` against `current`, the row as read. Throws `.operationFailed` when the
    /// change touches what never changes (the id, the key, the intake record, the policy
    /// snapshot) or does not raise the version above `current`'s.
    public init(from current: Incident, to change: IncidentTransition) throws(StoreError) {
        let incidentID = current.id
        let next = change.incident
        if let problem = Self.immutableChange(from: current, to: next) {
            throw .operationFailed("transition of incident \(incidentID) \(problem)")
        }
        guard next.version > current.version else {
            throw .operationFailed(
                "transition of incident \(incidentID) must raise its version above \(current.version), not to \(next.version)")
        }
        // Only the columns that changed: an UPDATE that names an indexed column rewrites that
        // index entry even when the value is the same, and a timer firing changes a few columns.
        // 立案 takes the policy snapshot again (the operator may correct the category): the one
        // transition that writes the policy column.
        let policyMoves = current.state == .reported && next.policy != current.policy
        let before = IncidentRecords.values(of: current, id: current.id, withPolicy: policyMoves)
        let after = IncidentRecords.values(of: next, id: next.id, withPolicy: policyMoves)
        var changed = IncidentRecords.mutableIncidentColumnIndexes.filter { before[$0] != after[$0] }
        if policyMoves {
            changed.append(IncidentRecords.policyColumnIndex)
            changed.sort()
        }
        var values = changed.map { after[$0] }
        values.append(.integer(incidentID))
        values.append(.integer(current.version))
        var events = change.events
        for index in events.indices { events[index].incidentID = incidentID }
        self.incidentID = incidentID
        readVersion = current.version
        incident = next
        self.events = events
        updateSQL = Self.updateSQL(changedColumns: changed)
        updateValues = values
        eventValues = events.map(IncidentRecords.values(of:))
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
        if next.policy != current.policy, current.state != .reported {
            return "changed its policy snapshot (a snapshot never moves after 立案)"
        }
        return nil
    }
}

extension IncidentQueries {
    /// Writes a prepared transition: `.applied` with the events' `seq`, or nil — nothing written —
    /// if the row no longer has the version it was prepared from.
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
            // Reset before binding again: a step since the last reset makes binding a misuse (an
            // escalation appends two events: its 超期 and itself).
            if index > 0 { insert.reset() }
            try insert.bind(prepared.eventValues[index])
            try insert.step()
            recorded[index].seq = context.lastInsertRowID
        }
        return .applied(prepared.incident, recorded)
    }

    /// The row as it is now, read on the writer inside the transaction.
    static func currentRow(_ incidentID: Int64, in context: WriteContext) throws -> Incident? {
        let select = try context.statement(incidentByID)
        try select.bind(.integer(incidentID), at: 1)
        defer { select.reset() }
        guard try select.step() else { return nil }
        return try IncidentRecords.incident(from: select)
    }
}
