import CSQLite
import GridCore

/// The report pass in parts, on several reader connections at once (`IncidentStore.reportFacts(_:parts:_:)`):
/// the events table split by `seq` into ranges, one per part, folded into one `EventFactsTable`;
/// then the incidents split by id, each part handing its incidents to the consumer on its own
/// thread. The responsible-unit counts of the parts are merged likewise. On two cores a report over a million incidents takes a little over half the time.
///
/// All parts read one snapshot. SQLite hands a snapshot from one connection to another only when
/// built with SQLITE_ENABLE_SNAPSHOT (Debian's is not), so each part begins its read transaction
/// and they compare `max(seq)`: every commit appends at least one event (an intake its
/// `dispatched`, a transition its own), so equal marks mean no commit fell between their starts.
/// If the writer keeps committing in between, the parts start again; after a few tries one part
/// does the whole pass alone.
extension ReportQueries {
    static let snapshotAttempts = 8

    static func read(
        _ scope: ReportScope, in parts: ReadPool.Parts, _ consumer: @escaping @Sendable (Int, IncidentFacts) -> Void
    ) throws(StoreError) -> ResponsibleUnitTally {
        guard parts.count > 1, let mark = try agreeOnSnapshot(parts) else {
            return try parts.run(0) { connection throws(StoreError) in try read(scope, on: connection) { consumer(0, $0) } }
        }
        defer {
            for index in 0..<parts.count { _ = try? parts.run(index) { connection throws(StoreError) in try? connection.execute("COMMIT") } }
        }
        let ids = try parts.run(0) { connection throws(StoreError) -> ClosedRange<Int64>? in
            do { return try idRange(connection) } catch { throw StoreError(error) }
        }
        guard let ids else { return ResponsibleUnitTally() }
        let periods = scope.periods
        let eventRanges = split(1...max(1, mark), into: parts.count)
        let tables = try parts.runAll { part, connection throws(StoreError) -> (EventFactsTable, ResponsibleUnitTally) in
            var table = EventFactsTable.dense(ids: ids)
            var tally = ResponsibleUnitTally()
            guard let events = eventRanges[part] else { return (table, tally) }
            do {
                try readEvents(
                    connection, sql: eventsSQL(restrictedTo: nil) + " WHERE seq BETWEEN ? AND ?",
                    values: [.integer(events.lowerBound), .integer(events.upperBound)], periods: periods, into: &table, tally: &tally)
            } catch {
                throw StoreError(error)
            }
            return (table, tally)
        }
        var merged = tables[0].0
        var tally = tables[0].1
        for (table, partTally) in tables.dropFirst() {
            merged.merge(table)
            tally.merge(partTally)
        }
        let events = merged
        let selection = selection(scope)
        let incidentRanges = split(ids, into: parts.count)
        _ = try parts.runAll { part, connection throws(StoreError) in
            guard let incidents = incidentRanges[part] else { return }
            do {
                try readIncidents(
                    connection, sql: incidentsSQL(selection.sql + " AND id BETWEEN ? AND ?"),
                    values: selection.values + [.integer(incidents.lowerBound), .integer(incidents.upperBound)],
                    table: events
                ) { consumer(part, $0) }
            } catch {
                throw StoreError(error)
            }
        }
        return tally
    }

    /// Begins a read transaction on every part until all see the same last event; returns that
    /// `seq` (0 for no events), or nil — every transaction ended — when they never agreed.
    static func agreeOnSnapshot(_ parts: ReadPool.Parts) throws(StoreError) -> Int64? {
        for _ in 0..<snapshotAttempts {
            var marks: [Int64] = []
            for index in 0..<parts.count {
                marks.append(try parts.run(index) { connection throws(StoreError) -> Int64 in
                    do {
                        try connection.execute("BEGIN")
                        return try connection.scalarInt("SELECT coalesce(max(seq), 0) FROM events") ?? 0
                    } catch {
                        throw StoreError(error)
                    }
                })
            }
            if marks.allSatisfy({ $0 == marks[0] }) { return marks[0] }
            for index in 0..<parts.count { _ = try? parts.run(index) { connection throws(StoreError) in try? connection.execute("COMMIT") } }
        }
        return nil
    }

    /// `range` cut into `count` consecutive ranges of (nearly) equal length; nil for a part left
    /// empty (a range shorter than `count`).
    static func split(_ range: ClosedRange<Int64>, into count: Int) -> [ClosedRange<Int64>?] {
        let length = range.upperBound - range.lowerBound + 1
        return (0..<Int64(count)).map { part in
            let low = range.lowerBound + length * part / Int64(count)
            let high = range.lowerBound + length * (part + 1) / Int64(count) - 1
            return low <= high ? low...high : nil
        }
    }
}
