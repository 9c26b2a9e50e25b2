/// The views of schema version 5, for the `sqlite3` shell (`sqlite3 -readonly var/gridd.db`):
/// version 4's (`SchemaV4Views`), knowing the new states.
///
/// - `open_incidents`: every incident that still needs somebody (not closed, cancelled or
///   rejected) — now also 待立案 (`reported`) and 挂账 (`suspended`) — with version 4's columns
///   and the channel, when it was registered, the open request (`request_kind`, `request`) and
///   its 督办 count (`supervised`); the light is `paused` while deferred or suspended.
/// - `overdue_incidents`: the 超期 (督办) list, as in version 4, and also reports that missed
///   their register window (立案时限).
/// - `outcomes`: per current unit and category, how many incidents are in each state (version
///   1's, with `reported`, `rejected` and `suspended`).
/// - `incident_timeline`: as in version 1.
enum SchemaV5Views {
    static let sql = [openIncidents, overdueIncidents, SchemaV1.timelineView, outcomesView].joined(separator: "\n")

    /// The views as migration 5 made them, times in UTC (`ViewTimes.utc`).
    static let openIncidents = openIncidentsView(text)
    static let overdueIncidents = overdueIncidentsView(text)

    /// `CaseLight.of` in SQL, for a row of `incidents` and an INTEGER `now_ms`.
    static let light = """
        CASE WHEN state IN ('resolved', 'closed', 'cancelled', 'rejected') THEN NULL
                    WHEN state IN ('deferred', 'suspended') THEN 'paused'
                    WHEN missed_windows > 0 OR case_due_at <= now_ms THEN 'red'
                    WHEN warned = 1 OR case_warn_at <= now_ms THEN 'yellow' ELSE 'green' END
        """

    /// `open_incidents` with times written by `text` (`OperatorViews`).
    static func openIncidentsView(_ text: (String) -> String) -> String {
        """
        CREATE VIEW open_incidents AS
        SELECT id, key, category, priority, state, tier, \(SchemaV4Views.tierName) AS tier_name,
               unit, cell, community, street, district, route_method, title, address,
               \(text("created_at")) AS created, \(text("updated_at")) AS updated, version, source,
               window, \(text("window_started_at")) AS window_started, \(text("due_at")) AS due, \(text("warn_at")) AS warn,
               warned, overdue, \(text("next_reminder_at")) AS next_reminder, next_timer_kind, \(text("next_timer_at")) AS next_timer,
               paused, reopen_count,
               \(text("case_due_at")) AS case_due, missed_windows, \(light) AS light,
               channel, \(text("registered_at")) AS registered, json_extract(request, '$.kind') AS request_kind, request, supervised
        FROM incidents, \(SchemaV4Views.now)
        WHERE state NOT IN \(SchemaV5Loop.closedStates)
        ORDER BY id DESC;
        """
    }

    /// `overdue_incidents` with times written by `text` (`OperatorViews`).
    static func overdueIncidentsView(_ text: (String) -> String) -> String {
        """
        -- The 超期 (督办) list: every red open case, with who missed what.
        CREATE VIEW overdue_incidents AS
        SELECT id, key, category, priority, state, tier, \(SchemaV4Views.tierName) AS tier_name,
               unit, community, street, district, title, address, window, \(text("due_at")) AS due,
               \(text("case_due_at")) AS case_due, missed_windows, charged, \(text("red_since")) AS red_since,
               overdue_ms,
               printf('%dd %02d:%02d', overdue_ms / 86400000, overdue_ms / 3600000 % 24, overdue_ms / 60000 % 60) AS overdue_for,
               \(text("next_reminder_at")) AS next_reminder, reopen_count, \(text("created_at")) AS created, version,
               channel, supervised
        FROM (SELECT *, max(0, now_ms - red_since) AS overdue_ms
              FROM (SELECT i.*, n.now_ms,
                           (SELECT group_concat(coalesce(json_extract(e.detail, '$.charged_unit'), e.unit) || ' '
                                                || coalesce(json_extract(e.detail, '$.window'), 'ack'), ', ')
                            \(misses)) AS charged,
                           min(coalesce((SELECT min(e.due) \(misses)), 9223372036854775807),
                               coalesce(i.case_due_at, 9223372036854775807)) AS red_since
                    FROM incidents AS i, \(SchemaV4Views.now) AS n
                    WHERE i.\(SchemaV5Loop.lightStates)
                      AND (i.missed_windows > 0 OR i.case_due_at <= n.now_ms)))
        ORDER BY red_since, id;
        """
    }

    /// The 超期 of a case: its `overdue` events of register, ack and resolve windows.
    static let misses = """
        FROM events AS e WHERE e.incident_id = i.id AND e.kind = 'overdue'
                AND coalesce(json_extract(e.detail, '$.window'), 'ack') IN ('register', 'ack', 'resolve')
        """

    static let outcomesView = """
        CREATE VIEW outcomes AS
        SELECT unit, category,
               count(*) AS total,
               sum(state NOT IN \(SchemaV5Loop.closedStates)) AS open,
               sum(state = 'reported') AS reported,
               sum(state = 'dispatched') AS dispatched,
               sum(state = 'acknowledged') AS acknowledged,
               sum(state = 'resolved') AS resolved,
               sum(state = 'closed') AS closed,
               sum(state = 'cancelled') AS cancelled,
               sum(state = 'deferred') AS deferred,
               sum(state = 'rejected') AS rejected,
               sum(state = 'suspended') AS suspended
        FROM incidents
        GROUP BY unit, category;
        """

    static func text(_ column: String) -> String { SchemaV4Views.text(column) }
}
