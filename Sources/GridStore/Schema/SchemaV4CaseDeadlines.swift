/// Schema version 4: case deadlines (案件处置时限), 超期 charged to the unit that missed a window,
/// the three lights in SQL, and the `extended` event (延期).
///
/// - `incidents` gains `case_due_at` and `case_warn_at` (INTEGER milliseconds, like every time)
///   and `missed_windows` (超期 of the case, never decreasing), added in place (ADD COLUMN).
/// - `events.kind` admits `extended`. A CHECK cannot be changed in place, so `events` is rebuilt
///   the way https://www.sqlite.org/lang_altertable.html#otheralter describes, with foreign keys
///   off (`Migration.rebuildsTables`; `outbox` keeps referring to `events` by name and its rows
///   by `seq`, checked by `PRAGMA foreign_key_check` before COMMIT): the views naming `events` are
///   dropped, the rows copied with their `seq`, the old table dropped (its index and its two
///   append-only triggers with it), the new one renamed, and the index and triggers created again
///   as version 1 had them.
/// - Past misses become 超期 events: before version 4 a missed window below the top tier left only
///   its `escalated` event. For each, an `overdue` event is appended (same incident, `at` and
///   `due` as the escalation, tier and unit those it escalated from — `from_tier`/`from_unit` of
///   its detail, else the tier below and the case's own unit there — and detail `{"window": …,
///   "charged_unit": …, "charged_tier": …, "migrated": true}`). It comes after every event the
///   case had (events are append-only); `CaseWindows` reads it as a charge only. An old `overdue`
///   event of an ack or resolve window (a miss at the top tier) already is one, charged to its own
///   unit. Then `missed_windows` = the case's `overdue` events of ack and resolve windows.
/// - Case deadlines need the working calendar, which SQL does not have: every incident is put on
///   `case_deadline_backfill`, the daemon's work list at start-up (`CaseDeadlineBackfill`: after
///   the store opens, before the scheduler loads; the start tier is the tier of the incident's
///   `dispatched` event, the case window its snapshot's, by default that tier's ack plus resolve,
///   counted from `created_at`); it removes each row it has done, in batches, so an interrupted
///   back-fill goes on at the next start and a finished one costs nothing.
/// - `incidents_light`: the partial index behind `list --overdue` / `--near-deadline` and the
///   counts of `status`, over the cases that can have a light (dispatched, acknowledged), keyed
///   by the instant the case stops being green (`attentionExpression`) and covering what decides
///   red and yellow — so a list reads only the cases that are not green, never the whole table.
/// - Views: `open_incidents` gains the case deadline, the missed windows and the light;
///   `overdue_incidents` keeps its name (scripts use it) and is now the 超期 (督办) list: every red
///   open case at any tier, with who missed what. `incident_timeline`, `outcomes` and
///   `pending_notifications` are created again as they were.
enum SchemaV4CaseDeadlines {
    /// The instant a case (dispatched or acknowledged) stops being green: at once when it missed a
    /// window or its running window warned, else the earlier of the case deadline's warning and
    /// the deadline (NULL: never, by the case deadline). Queries must use this exact text for
    /// SQLite to match the expression index.
    static let attentionExpression = """
        (CASE WHEN missed_windows > 0 OR warned = 1 THEN 0 \
        ELSE min(coalesce(case_warn_at, case_due_at), coalesce(case_due_at, case_warn_at)) END)
        """
    /// The states in which a case has a running light (`CaseLight`): the partial index's condition.
    static let lightStates = "state IN ('dispatched', 'acknowledged')"

    static let sql = [dropViews, incidentColumns, eventsRebuild, migratedMisses, backfillList, lightIndex, views].joined(separator: "\n")

    /// Also the first step of version 5.
    static let dropViews = """
        DROP VIEW open_incidents;
        DROP VIEW overdue_incidents;
        DROP VIEW incident_timeline;
        DROP VIEW outcomes;
        DROP VIEW pending_notifications;
        """

    static let incidentColumns = """
        -- The case deadline (案件处置时限) and its warning: set at registration, moved only by 延期.
        ALTER TABLE incidents ADD COLUMN case_due_at INTEGER;
        ALTER TABLE incidents ADD COLUMN case_warn_at INTEGER;
        -- 超期: ack and resolve windows this case missed, each charged to the unit that held it.
        ALTER TABLE incidents ADD COLUMN missed_windows INTEGER NOT NULL DEFAULT 0 CHECK (missed_windows >= 0);
        """

    static let eventsRebuild = """
        CREATE TABLE events_v4 (
            seq         INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents (id),
            kind        TEXT    NOT NULL CHECK (kind = 'dispatched' OR kind = 'acknowledged' OR kind = 'resolved'
                                    OR kind = 'closed' OR kind = 'reopened' OR kind = 'cancelled'
                                    OR kind = 'deferred' OR kind = 'resumed' OR kind = 'transferred'
                                    OR kind = 'note' OR kind = 'warning' OR kind = 'escalated' OR kind = 'overdue'
                                    OR kind = 'reminded' OR kind = 'extended'),
            at          INTEGER NOT NULL,
            tier        INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 4),
            unit        TEXT    NOT NULL,
            actor_uid   INTEGER NOT NULL CHECK (actor_uid >= 0),
            actor_name  TEXT,
            actor_pid   INTEGER,
            due         INTEGER,
            note        TEXT,
            detail      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
        );
        INSERT INTO events_v4 (seq, incident_id, kind, at, tier, unit, actor_uid, actor_name, actor_pid, due, note, detail)
        SELECT seq, incident_id, kind, at, tier, unit, actor_uid, actor_name, actor_pid, due, note, detail FROM events ORDER BY seq;
        DROP TABLE events;
        ALTER TABLE events_v4 RENAME TO events;
        CREATE INDEX events_incident ON events (incident_id, seq);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN
            SELECT RAISE(ABORT, 'events is append-only: UPDATE is not allowed');
        END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN
            SELECT RAISE(ABORT, 'events is append-only: DELETE is not allowed');
        END;
        """

    static let migratedMisses = """
        INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid, actor_name, actor_pid, due, note, detail)
        SELECT incident_id, 'overdue', at, from_tier, from_unit, actor_uid, actor_name, actor_pid, due, NULL,
               json_object('window', window, 'charged_unit', from_unit,
                           'charged_tier', CASE from_tier WHEN 1 THEN 'community' WHEN 2 THEN 'street' WHEN 3 THEN 'district'
                                                          ELSE 'city' END,
                           'migrated', json('true'))
        FROM (SELECT e.seq, e.incident_id, e.at, e.actor_uid, e.actor_name, e.actor_pid, e.due,
                     coalesce(json_extract(e.detail, '$.window'), 'ack') AS window,
                     coalesce(CASE json_extract(e.detail, '$.from_tier') WHEN 'community' THEN 1 WHEN 'street' THEN 2
                                  WHEN 'district' THEN 3 WHEN 'city' THEN 4 END, max(e.tier - 1, 1)) AS from_tier,
                     coalesce(json_extract(e.detail, '$.from_unit'),
                              CASE max(e.tier - 1, 1) WHEN 1 THEN i.community WHEN 2 THEN i.street WHEN 3 THEN i.district END,
                              e.unit) AS from_unit
              FROM events AS e JOIN incidents AS i ON i.id = e.incident_id
              WHERE e.kind = 'escalated')
        ORDER BY seq;
        UPDATE incidents SET missed_windows = (
            SELECT count(*) FROM events AS e
            WHERE e.incident_id = incidents.id AND e.kind = 'overdue'
              AND coalesce(json_extract(e.detail, '$.window'), 'ack') IN ('ack', 'resolve'))
        WHERE id IN (SELECT incident_id FROM events WHERE kind = 'overdue');
        """

    static let backfillList = """
        -- The daemon's work list at start-up: cases still without a case deadline from before
        -- version 4 (CaseDeadlineBackfill removes each it has done).
        CREATE TABLE case_deadline_backfill (incident_id INTEGER PRIMARY KEY REFERENCES incidents (id));
        INSERT INTO case_deadline_backfill (incident_id) SELECT id FROM incidents ORDER BY id;
        """

    static let lightIndex = """
        -- Only the cases that can have a light; keyed by when each stops being green, and covering
        -- what decides red and yellow (state too: SQLite counts the partial condition's column).
        CREATE INDEX incidents_light ON incidents (\(attentionExpression), missed_windows, case_due_at, warned, case_warn_at, state)
            WHERE \(lightStates);
        """

    static let views = SchemaV4Views.sql + "\n" + SchemaV2Outbox.pendingNotificationsView
}
