/// The views of schema version 4, for the `sqlite3` shell (`sqlite3 -readonly var/gridd.db`).
/// Their `now` is the clock of the shell reading them (UTC milliseconds from `julianday('now')`).
///
/// - `open_incidents`: every incident that still needs somebody (not closed, not cancelled), with
///   readable times, its running window, the case deadline (`case_due`), the windows it missed
///   (`missed_windows`) and its light (`CaseLight`), newest first.
/// - `overdue_incidents` (the name kept from version 1, so scripts go on working): the 超期 (督办)
///   list — every red open case at any tier (missed a window, or past its case deadline), with who
///   missed what (`charged`: `unit window` per 超期, in order), since when it is red (`red_since`:
///   the first missed window's end or the case deadline, whichever came first), for how long
///   (`overdue_ms`, and `overdue_for` as `3d 04:05`); longest red first.
/// - `incident_timeline` and `outcomes`: as in version 1 (`SchemaV1.timelineView`, `outcomesView`).
enum SchemaV4Views {
    static let sql = [openIncidents, overdueIncidents, SchemaV1.timelineView, SchemaV1.outcomesView].joined(separator: "\n")

    /// `CaseLight.of` in SQL, for a row of `incidents` and an INTEGER `now_ms`.
    static let light = """
        CASE WHEN state IN ('resolved', 'closed', 'cancelled') THEN NULL WHEN state = 'deferred' THEN 'paused'
                    WHEN missed_windows > 0 OR case_due_at <= now_ms THEN 'red'
                    WHEN warned = 1 OR case_warn_at <= now_ms THEN 'yellow' ELSE 'green' END
        """

    static let now = "(SELECT CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) AS now_ms)"

    static func text(_ column: String) -> String {
        "strftime('%Y-%m-%dT%H:%M:%fZ', \(column) / 1000.0, 'unixepoch')"
    }

    static let tierName = "CASE tier WHEN 1 THEN 'community' WHEN 2 THEN 'street' WHEN 3 THEN 'district' ELSE 'city' END"

    static let openIncidents = """
        CREATE VIEW open_incidents AS
        SELECT id, key, category, priority, state, tier, \(tierName) AS tier_name,
               unit, cell, community, street, district, route_method, title, address,
               \(text("created_at")) AS created, \(text("updated_at")) AS updated, version, source,
               window, \(text("window_started_at")) AS window_started, \(text("due_at")) AS due, \(text("warn_at")) AS warn,
               warned, overdue, \(text("next_reminder_at")) AS next_reminder, next_timer_kind, \(text("next_timer_at")) AS next_timer,
               paused, reopen_count,
               \(text("case_due_at")) AS case_due, missed_windows, \(light) AS light
        FROM incidents, \(now)
        WHERE state NOT IN ('closed', 'cancelled')
        ORDER BY id DESC;
        """

    /// The 超期 of a case: its `overdue` events of ack and resolve windows.
    static let misses = """
        FROM events AS e WHERE e.incident_id = i.id AND e.kind = 'overdue'
                AND coalesce(json_extract(e.detail, '$.window'), 'ack') IN ('ack', 'resolve')
        """

    static let overdueIncidents = """
        -- The 超期 (督办) list: every red open case, with who missed what.
        CREATE VIEW overdue_incidents AS
        SELECT id, key, category, priority, state, tier, \(tierName) AS tier_name,
               unit, community, street, district, title, address, window, \(text("due_at")) AS due,
               \(text("case_due_at")) AS case_due, missed_windows, charged, \(text("red_since")) AS red_since,
               overdue_ms,
               printf('%dd %02d:%02d', overdue_ms / 86400000, overdue_ms / 3600000 % 24, overdue_ms / 60000 % 60) AS overdue_for,
               \(text("next_reminder_at")) AS next_reminder, reopen_count, \(text("created_at")) AS created, version
        FROM (SELECT *, max(0, now_ms - red_since) AS overdue_ms
              FROM (SELECT i.*, n.now_ms,
                           (SELECT group_concat(coalesce(json_extract(e.detail, '$.charged_unit'), e.unit) || ' '
                                                || coalesce(json_extract(e.detail, '$.window'), 'ack'), ', ')
                            \(misses)) AS charged,
                           min(coalesce((SELECT min(e.due) \(misses)), 9223372036854775807),
                               coalesce(i.case_due_at, 9223372036854775807)) AS red_since
                    FROM incidents AS i, \(now) AS n
                    WHERE i.state IN ('dispatched', 'acknowledged')
                      AND (i.missed_windows > 0 OR i.case_due_at <= n.now_ms)))
        ORDER BY red_since, id;
        """
}
