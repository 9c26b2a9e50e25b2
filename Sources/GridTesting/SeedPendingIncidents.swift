import GridCore
import GridStore

/// Fills databases in bulk for the tests and the bench: the rows are generated inside SQLite, so
/// a million incidents take seconds (through `BulkLoad`, the store's seam for this).
///
/// It exists so that a benchmark or a test can start from a large database without a million
/// submits; the daemon never calls it.
public enum StoreSeeder {
    /// Adds `count` pending incidents to the database at `path` (created and migrated if needed)
    /// in one transaction.
    ///
    /// For the bench (`grid-bench`: the scheduler's start-up rebuild with a million pending
    /// deadlines) and tests. Each incident is dispatched at community 320506002001 (cell
    /// 320506002001006, category 0102, priority normal, source spool), created at `dueFrom` − 1 h,
    /// version 1, with its ack window running and a `window_end` timer due between `dueFrom` and
    /// `dueFrom + spreadMilliseconds` (ids are not in due order), its case deadline 4 h after
    /// that window ends (warning 1 h before), no window missed, and its `dispatched` event.
    /// `policyJSON` is stored as the policy snapshot (default: `IncidentPolicy.unset`); it must be
    /// an `IncidentPolicy.json` for the rows to decode.
    ///
    /// Open no `IncidentStore` on `path` meanwhile. Returns the ids created.
    @discardableResult
    public static func pendingIncidents(
        path: String, count: Int, dueFrom: Timestamp, spreadMilliseconds: Int64,
        policyJSON: String = IncidentPolicy.unset.json.serialized()
    ) throws(StoreError) -> ClosedRange<Int64>? {
        guard count > 0 else { return nil }
        return try BulkLoad.run(path: path) { connection, before throws(SQLiteError) in
            let incidents = try connection.prepare(PendingIncidentSeed.incidents)
            try incidents.bind(.integer(Int64(count)), named: ":count")
            try incidents.bind(.integer(dueFrom.milliseconds - 3_600_000), named: ":created_at")
            try incidents.bind(.text(policyJSON), named: ":policy")
            try incidents.bind(.integer(dueFrom.milliseconds), named: ":due_from")
            try incidents.bind(.integer(max(0, spreadMilliseconds)), named: ":spread")
            try incidents.step()
            let events = try connection.prepare(PendingIncidentSeed.dispatchedEvents)
            try events.bind(.integer(before), named: ":after_id")
            try events.step()
        }
    }
}

/// The SQL of `StoreSeeder.pendingIncidents`.
enum PendingIncidentSeed {
    /// `:count` dispatched incidents at one community, each with its ack window running and a
    /// `window_end` timer pending, due between `:due_from` and `:due_from + :spread`.
    /// Ids are not in due order (as in a real database): row x falls in the (x mod 16)-th sixteenth
    /// of the spread, so the deadline index grows at 16 places at once — out of order, yet cheap to
    /// insert (a fully random order costs twice as long). Generated inside SQLite by a recursive CTE:
    /// no row crosses into Swift.
    static let incidents = """
        INSERT INTO incidents (category, priority, state, tier, unit, cell, community, street, district,
            route_method, title, created_at, updated_at, version, source, created_uid, created_name,
            policy, window, window_started_at, due_at, warned, overdue, reopen_count, next_timer_at, next_timer_kind,
            case_due_at, case_warn_at, missed_windows)
        WITH RECURSIVE n(x) AS (SELECT 0 WHERE :count > 0 UNION ALL SELECT x + 1 FROM n WHERE x + 1 < :count)
        SELECT '0102', 'normal', 'dispatched', 1, '320506002001', '320506002001006', '320506002001', '320506002',
            '320506', 'cell', 'seeded ' || x, :created_at, :created_at, 1, 'spool', 0, 'grid-bench',
            :policy, 'ack', :created_at, due, 0, 0, 0, due, 'window_end', due + 14400000, due + 10800000, 0
        FROM (SELECT x, :due_from + ((x % 16) * ((:count + 15) / 16) + x / 16) * :spread / (((:count + 15) / 16) * 16) AS due
              FROM n)
        """
    /// The `dispatched` event of every incident above `:after_id` (the ones just seeded).
    static let dispatchedEvents = """
        INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid, actor_name, detail)
        SELECT id, 'dispatched', created_at, tier, unit, created_uid, created_name, '{"method":"cell","source":"spool"}'
        FROM incidents WHERE id > :after_id ORDER BY id
        """
}
