import GridCore

/// The SQL of the outbox (schema: `SchemaV2Outbox`), in one place like `IncidentQueries`.
enum OutboxQueries {
    static let pending = "delivered_at IS NULL AND gave_up_at IS NULL"

    /// The TEMP trigger that writes a row for each event of `kinds`, in the event's own
    /// transaction, and calls `OutboxWake.functionName` so the daemon hears of it after COMMIT.
    static func triggerSQL(kinds: [IncidentEvent.Kind]) -> String {
        let list = kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return """
            CREATE TEMP TRIGGER \(triggerName) AFTER INSERT ON main.events
            WHEN NEW.kind IN (\(list))
            BEGIN
                INSERT INTO outbox (event_seq, incident_id, kind) VALUES (NEW.seq, NEW.incident_id, NEW.kind);
                SELECT \(OutboxWake.functionName)();
            END
            """
    }

    static let triggerName = "notify_outbox"
    static let dropTrigger = "DROP TRIGGER IF EXISTS temp.\(triggerName)"

    static func due(now: Timestamp, limit: Int, on connection: Connection) throws(StoreError) -> [OutboxEntry] {
        do {
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let select = try connection.cachedStatement("""
                SELECT event_seq, incident_id, kind, attempts FROM outbox
                WHERE \(pending) AND next_attempt_at <= ? ORDER BY next_attempt_at, event_seq LIMIT ?
                """)
            try select.bind(.integer(now.milliseconds), at: 1)
            try select.bind(.integer(Int64(limit)), at: 2)
            var rows: [(Int64, Int64, String, Int)] = []
            while try select.step() {
                rows.append((select.int64(at: 0), select.int64(at: 1), select.string(at: 2) ?? "", Int(select.int64(at: 3))))
            }
            select.reset()
            return rows.map { seq, incidentID, kind, attempts in
                OutboxEntry(
                    seq: seq, incidentID: incidentID, kind: kind, attempts: attempts,
                    subject: Result { () throws(StoreError) in try subject(seq: seq, incidentID: incidentID, on: connection) })
            }
        } catch {
            throw StoreError(error)
        }
    }

    private static func subject(seq: Int64, incidentID: Int64, on connection: Connection) throws(StoreError) -> OutboxSubject {
        let event: IncidentEvent
        do {
            let select = try connection.cachedStatement("SELECT \(IncidentRecords.eventColumns) FROM events WHERE seq = ?")
            defer { select.reset() }
            try select.bind(.integer(seq), at: 1)
            guard try select.step() else { throw StoreError.invalidData("outbox row \(seq): no event with this seq") }
            event = try IncidentRecords.event(from: select)
        } catch {
            throw StoreError(error)
        }
        guard let incident = try IncidentQueries.incident(id: incidentID, on: connection) else {
            throw StoreError.invalidData("outbox row \(seq): no incident \(incidentID)")
        }
        return OutboxSubject(event: event, incident: incident)
    }

    /// The earliest `next_attempt_at` after `after` of a pending row (from `outbox_due`).
    static func nextDue(after: Timestamp, on connection: Connection) throws(StoreError) -> Timestamp? {
        do {
            let select = try connection.cachedStatement(
                "SELECT min(next_attempt_at) FROM outbox WHERE \(pending) AND next_attempt_at > ?")
            defer { select.reset() }
            try select.bind(.integer(after.milliseconds), at: 1)
            guard try select.step() else { return nil }
            return select.optionalInt64(at: 0).map(Timestamp.init(milliseconds:))
        } catch {
            throw StoreError(error)
        }
    }

    static func statistics(on connection: Connection) throws(StoreError) -> OutboxStatistics {
        do {
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            var statistics = OutboxStatistics()
            let counts = try connection.cachedStatement(
                "SELECT count(*), count(last_error), min(next_attempt_at) FROM outbox WHERE \(pending)")
            defer { counts.reset() }
            if try counts.step() {
                statistics.pending = Int(counts.int64(at: 0))
                statistics.failing = Int(counts.int64(at: 1))
                statistics.nextAttemptAt = counts.optionalInt64(at: 2).map(Timestamp.init(milliseconds:))
            }
            statistics.gaveUp = Int(try connection.scalarInt("SELECT count(*) FROM outbox WHERE gave_up_at IS NOT NULL") ?? 0)
            let last = try connection.cachedStatement("""
                SELECT event_seq, last_attempt_at, last_error FROM outbox
                WHERE \(pending) AND last_error IS NOT NULL ORDER BY last_attempt_at DESC, event_seq DESC LIMIT 1
                """)
            defer { last.reset() }
            if try last.step() {
                statistics.lastError = (
                    last.int64(at: 0), Timestamp(milliseconds: last.int64(at: 1)), last.string(at: 2) ?? ""
                )
            }
            return statistics
        } catch {
            throw StoreError(error)
        }
    }

    /// Records a run that exited 0. Only a pending row changes (a redelivery after a crash finds
    /// it delivered already and leaves it).
    static func delivered(seq: Int64, at: Timestamp, in context: WriteContext) throws {
        let update = try context.statement("""
            UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?1, delivered_at = ?1
            WHERE event_seq = ?2 AND \(pending)
            """)
        defer { update.reset() }
        try update.bind([.integer(at.milliseconds), .integer(seq)])
        while try update.step() {}
    }

    /// Records a failed run: its error, and when the next one is due — or, with `gaveUp`, that
    /// there will be none.
    static func failed(
        seq: Int64, at: Timestamp, error: String, nextAttemptAt: Timestamp, gaveUp: Bool, in context: WriteContext
    ) throws {
        let update = try context.statement("""
            UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?1, last_error = ?2, next_attempt_at = ?3,
                gave_up_at = CASE WHEN ?4 THEN ?1 END
            WHERE event_seq = ?5 AND \(pending)
            """)
        defer { update.reset() }
        try update.bind([
            .integer(at.milliseconds), .text(error), .integer(nextAttemptAt.milliseconds), .integer(gaveUp ? 1 : 0),
            .integer(seq),
        ])
        while try update.step() {}
    }
}
