/// Schema version 6: the indexes that keep `list --category` and `list --unit` flat as the
/// history grows (issue 17, docs/BENCHMARKS.md "How cost grows").
///
/// - `incidents_category (category, id)`: a category's incidents newest first. Without it a list
///   of a rare category walked ids newest first until it had enough — the whole table for a
///   category with none (2.1 s at 10,000,000 incidents). One more B-tree update per intake.
/// - `incidents_unplaced_street`, `incidents_unplaced_district`: the incidents placed without a
///   community (a fallback to a street or a district), by street and by district. A unit's list
///   reads one branch per code it holds (`IncidentQueries.unitBranches`); these are the branches
///   for the street and district columns, which no other index holds. Partial: an incident placed
///   in a community (nearly all) costs them nothing.
enum SchemaV6ListIndexes {
    /// Placed without a community: the partial indexes' condition (the same text in the queries,
    /// for SQLite to match them).
    static let unplaced = "community IS NULL"

    static let sql = """
        CREATE INDEX incidents_category ON incidents (category, id);
        CREATE INDEX incidents_unplaced_street ON incidents (street, id) WHERE \(unplaced);
        CREATE INDEX incidents_unplaced_district ON incidents (district, id) WHERE \(unplaced);
        """
}

/// Schema version 6, second part: the incident counts `status` reports, kept exact by triggers in
/// the transaction that changes them.
///
/// `status` (and gridd's systemd `STATUS=` line, every minute) counted the table: the cases per
/// state from the state index and the open ones per tier and state by a scan — 7.6 s at
/// 10,000,000 incidents, with the events' `count(*)`. `incident_counts` holds one row per state
/// and tier (all 36, zero when none); an insert adds one to its row, an update that moves a case
/// to another state or tier moves one between rows (gridd deletes none; a delete takes one off). The cost to a
/// write is one update of a table of one page; the migration counts the table once.
enum SchemaV6Counts {
    static let states = [
        "reported", "dispatched", "acknowledged", "resolved", "closed", "cancelled", "deferred", "rejected", "suspended",
    ]

    static let sql = """
        CREATE TABLE incident_counts (
            state TEXT    NOT NULL,
            tier  INTEGER NOT NULL,
            n     INTEGER NOT NULL CHECK (n >= 0),
            PRIMARY KEY (state, tier)
        ) WITHOUT ROWID;
        INSERT INTO incident_counts (state, tier, n)
        SELECT s.state, t.tier, 0
        FROM (\(states.map { "SELECT '\($0)' AS state" }.joined(separator: " UNION ALL "))) AS s,
             (SELECT 1 AS tier UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS t;
        -- One pass over the table ("WHERE true": the upsert's SELECT needs one to parse).
        INSERT INTO incident_counts (state, tier, n)
        SELECT state, tier, count(*) FROM incidents WHERE true GROUP BY state, tier
        ON CONFLICT (state, tier) DO UPDATE SET n = excluded.n;
        CREATE TRIGGER incident_counts_insert AFTER INSERT ON incidents
        BEGIN
            UPDATE incident_counts SET n = n + 1 WHERE state = NEW.state AND tier = NEW.tier;
        END;
        CREATE TRIGGER incident_counts_update AFTER UPDATE OF state, tier ON incidents
            WHEN OLD.state IS NOT NEW.state OR OLD.tier IS NOT NEW.tier
        BEGIN
            UPDATE incident_counts SET n = n - 1 WHERE state = OLD.state AND tier = OLD.tier;
            UPDATE incident_counts SET n = n + 1 WHERE state = NEW.state AND tier = NEW.tier;
        END;
        CREATE TRIGGER incident_counts_delete AFTER DELETE ON incidents
        BEGIN
            UPDATE incident_counts SET n = n - 1 WHERE state = OLD.state AND tier = OLD.tier;
        END;
        """
}
