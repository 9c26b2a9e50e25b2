/// Schema version 6: indexes that keep `list --category` and `status` flat as the history grows
/// (issue 17, docs/BENCHMARKS.md "How cost grows").
///
/// `incidents_category (category, id)`: a category's incidents newest first. Without it a list of
/// a rare category walked ids newest first until it had enough — the whole table for a category
/// with none (2.1 s at 10,000,000 incidents). It costs each intake one more B-tree update (about
/// 3% of raw inserts of the same rows). Two partial indexes on the placements without a
/// community, and `status` counts kept by triggers, were tried and left out: the triggers cost raw
/// inserts 20% and the three together 35%.
///
/// `incidents_state` becomes `(state, id, tier)`: `status` counts the open cases per tier and
/// state from the index alone (their tier was read from each row: 3 s at 10,000,000 incidents
/// with 2,000,000 open), and a state's list still walks it in id order. The same number of
/// indexes; an entry is one byte longer.
enum SchemaV6ListIndexes {
    static let sql = """
        CREATE INDEX incidents_category ON incidents (category, id);
        DROP INDEX incidents_state;
        CREATE INDEX incidents_state ON incidents (state, id, tier);
        """
}
