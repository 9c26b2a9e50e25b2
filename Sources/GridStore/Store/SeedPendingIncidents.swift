import GridCore

extension IncidentStore {
    /// Adds `count` pending incidents to the database at `path` (created and migrated if needed)
    /// in one transaction, fast: the rows are generated inside SQLite (`IncidentQueries.seedPendingIncidents`).
    ///
    /// It exists for the bench (`grid-bench`: the scheduler's start-up rebuild with a million
    /// pending deadlines) and for tests; the daemon never calls it. Each incident is dispatched at
    /// community 320506002001 (cell 320506002001006, category 0102, priority normal, source spool),
    /// created at `dueFrom` − 1 h, version 1, with its ack window running and a `window_end` timer
    /// due between `dueFrom` and `dueFrom + spreadMilliseconds` (ids are not in due order), and its
    /// `dispatched` event. `policyJSON` is stored as the policy snapshot (default: `IncidentPolicy.unset`);
    /// it must be an `IncidentPolicy.json` for the rows to decode.
    ///
    /// Open no `IncidentStore` on `path` meanwhile: this takes the write lock (and waits for it up
    /// to the busy timeout). Returns the ids created.
    @discardableResult
    public static func seedPendingIncidents(
        path: String, count: Int, dueFrom: Timestamp, spreadMilliseconds: Int64,
        policyJSON: String = IncidentPolicy.unset.json.serialized()
    ) throws(StoreError) -> ClosedRange<Int64>? {
        guard count > 0 else { return nil }
        return try SeedTransaction.run(path: path) { connection, before throws(SQLiteError) in
            let incidents = try connection.prepare(IncidentQueries.seedPendingIncidents)
            try incidents.bind(.integer(Int64(count)), named: ":count")
            try incidents.bind(.integer(dueFrom.milliseconds - 3_600_000), named: ":created_at")
            try incidents.bind(.text(policyJSON), named: ":policy")
            try incidents.bind(.integer(dueFrom.milliseconds), named: ":due_from")
            try incidents.bind(.integer(max(0, spreadMilliseconds)), named: ":spread")
            try incidents.step()
            let events = try connection.prepare(IncidentQueries.seedDispatchedEvents)
            try events.bind(.integer(before), named: ":after_id")
            try events.step()
        }
    }
}
