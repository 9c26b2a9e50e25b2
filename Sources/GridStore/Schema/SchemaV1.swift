/// Schema version 1: the incidents with their deadlines, their append-only audit trail, and views
/// for operators.
///
/// Version 1 has not been released yet, so it is still edited in place (the escalation work added
/// the policy and timer columns here rather than in a version 2). From the first release on this
/// text is frozen: a change to the schema is then a new `Migration`.
///
/// Conventions:
/// - Times are INTEGER milliseconds since the Unix epoch, UTC (`GridCore.Timestamp`). The views
///   render them as RFC 3339 UTC text (`2026-11-28T04:19:13.000Z`).
/// - Enumerations are TEXT (or INTEGER for tiers) with CHECK constraints listing every value the
///   model knows; a new case in the model needs a migration (a test checks the lists stay complete).
/// - Tier: 1 community (社区), 2 street (街道), 3 district (区/县), 4 city (市).
/// - Flags are INTEGER 0 or 1; `resolved_on_time` is NULL until a resolve sets it.
/// - Durations inside JSON columns (`policy`, `paused`) are policy-syntax text (`2wh`, `1wh30wmin`,
///   `3wd`, `90s`; see `PolicyDurationSyntax`), so a person reading the database sees what the
///   config said, not milliseconds.
///
/// Deadlines (`IncidentTimers`) are columns of `incidents`: the running `window` (ack, resolve,
/// verify), when it started and ends (`due_at`), the yellow light (`warn_at` until it fires, then
/// `warned` = 1), a miss at the top tier (`overdue` = 1, reminded at `next_reminder_at`), a window
/// paused by a deferral (`paused`, JSON), `resolved_on_time` and `reopen_count`. `next_timer_at` and
/// `next_timer_kind` are derived from those (`IncidentTimers.nextTimer`) and written with every insert
/// and update; the partial index on `next_timer_at` is what the scheduler reads at start-up to
/// rebuild its heap, and it holds only incidents with something pending.
///
/// Views for the `sqlite3` shell (read-only; `sqlite3 -readonly var/gridd.db`):
/// - `open_incidents`: every incident that still needs somebody (not closed, not cancelled),
///   with readable times and its deadline (window, due, warning, overdue, next timer), newest first.
/// - `overdue_incidents`: open incidents missed at the top tier, with tier, unit, when they fell
///   due, how long they have been overdue (`overdue_ms`, and `overdue_for` as `3d 04:05`), the next
///   reminder; longest overdue first. (Version 4 makes it the 超期 (督办) list: `SchemaV4Views`.)
/// - `incident_timeline`: every event joined with its incident, in order (`WHERE incident_id = 42`);
///   `late_ms` says how late a timer event ran after its deadline fell due.
/// - `outcomes`: per current unit and category, how many incidents are in each state.
enum SchemaV1 {
    static let sql = [incidentsTable, incidentIndexes, eventsTable, views].joined(separator: "\n")

    static let incidentsTable = """
        CREATE TABLE incidents (
            id             INTEGER PRIMARY KEY,
            key            TEXT UNIQUE,
            category       TEXT    NOT NULL CHECK (length(category) > 0),
            priority       TEXT    NOT NULL CHECK (priority = 'urgent' OR priority = 'normal' OR priority = 'low'),
            state          TEXT    NOT NULL CHECK (state = 'dispatched' OR state = 'acknowledged' OR state = 'resolved'
                                    OR state = 'closed' OR state = 'cancelled' OR state = 'deferred'),
            tier           INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 4),
            unit           TEXT    NOT NULL,
            cell           TEXT,
            community      TEXT,
            street         TEXT,
            district       TEXT,
            route_method   TEXT    NOT NULL CHECK (route_method = 'cell' OR route_method = 'community' OR route_method = 'location'
                                    OR route_method = 'fallback'),
            route_reason   TEXT,
            title          TEXT,
            description    TEXT,
            address        TEXT,
            lat            REAL    CHECK (lat BETWEEN -90 AND 90),
            lon            REAL    CHECK (lon BETWEEN -180 AND 180),
            reporter_name  TEXT,
            reporter_phone TEXT,
            reported_at    INTEGER,
            created_at     INTEGER NOT NULL,
            updated_at     INTEGER NOT NULL,
            version        INTEGER NOT NULL CHECK (version >= 1),
            source         TEXT    NOT NULL CHECK (source = 'socket' OR source = 'spool'),
            created_uid    INTEGER NOT NULL CHECK (created_uid >= 0),
            created_name   TEXT,
            created_pid    INTEGER,
            -- The deadlines it lives by, snapshotted at creation (IncidentPolicy.json).
            policy            TEXT    NOT NULL CHECK (json_valid(policy)),
            -- Where it stands against them (IncidentTimers).
            window            TEXT    CHECK (window = 'ack' OR window = 'resolve' OR window = 'verify'),
            window_started_at INTEGER,
            due_at            INTEGER,
            warn_at           INTEGER,
            warned            INTEGER NOT NULL DEFAULT 0 CHECK (warned = 0 OR warned = 1),
            overdue           INTEGER NOT NULL DEFAULT 0 CHECK (overdue = 0 OR overdue = 1),
            next_reminder_at  INTEGER,
            -- {"window": "ack", "remaining": "1wh30wmin", "warning_remaining": "20wmin", "state": "dispatched"}
            paused            TEXT    CHECK (paused IS NULL OR json_valid(paused)),
            resolved_on_time  INTEGER CHECK (resolved_on_time = 0 OR resolved_on_time = 1),
            reopen_count      INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0),
            -- Derived from the above (IncidentTimers.nextTimer) on every write: what fires next.
            next_timer_at     INTEGER,
            next_timer_kind   TEXT    CHECK (next_timer_kind = 'warning' OR next_timer_kind = 'window_end'
                                    OR next_timer_kind = 'reminder'),
            CHECK ((lat IS NULL) = (lon IS NULL)),
            CHECK ((next_timer_at IS NULL) = (next_timer_kind IS NULL))
        );
        """

    /// The indexes of `incidents` (re-created by migration 3, which rebuilds the table).
    static let incidentIndexes = """
        -- Every index costs each intake insert a B-tree update inside the single writer, so there
        -- are few: the list filters that are selective. Tier (4 values), category and creation
        -- time are filtered while walking ids newest first (ids grow with created_at).
        CREATE INDEX incidents_state ON incidents (state, id);
        CREATE INDEX incidents_unit ON incidents (unit, id);
        -- "Everything in this street": a community code starts with its street's and district's
        -- codes, so one prefix range on community serves every level; placements without a
        -- community (a fallback to a street or district) are few and found through community IS NULL.
        CREATE INDEX incidents_community ON incidents (community);
        -- The scheduler's start-up rebuild reads pending timers in (time, id) order from this index
        -- alone. Partial: only incidents with something pending are in it, so closed, cancelled and
        -- deferred ones cost it nothing. Covering, and ordered by id within a time: a million
        -- pending timers are read without a table lookup (next_timer_at alone: 6x slower) and
        -- without a sort (next_timer_at, kind, version: a temp B-tree for the ties).
        CREATE INDEX incidents_next_timer ON incidents (next_timer_at, id, next_timer_kind, version)
            WHERE next_timer_at IS NOT NULL;
        """

    static let eventsTable = """
        -- The audit trail: one row per thing that happened to an incident. Append-only.
        CREATE TABLE events (
            seq         INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents (id),
            kind        TEXT    NOT NULL CHECK (kind = 'dispatched' OR kind = 'acknowledged' OR kind = 'resolved'
                                    OR kind = 'closed' OR kind = 'reopened' OR kind = 'cancelled'
                                    OR kind = 'deferred' OR kind = 'resumed' OR kind = 'transferred'
                                    OR kind = 'note' OR kind = 'warning' OR kind = 'escalated' OR kind = 'overdue'
                                    OR kind = 'reminded'),
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

    /// The views (re-created by migration 3: a view naming `incidents` must not outlive the table).
    static let views = """
        CREATE VIEW open_incidents AS
        SELECT id, key, category, priority, state, tier,
               CASE tier WHEN 1 THEN 'community' WHEN 2 THEN 'street' WHEN 3 THEN 'district' ELSE 'city' END AS tier_name,
               unit, cell, community, street, district, route_method, title, address,
               strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000.0, 'unixepoch') AS created,
               strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') AS updated,
               version, source,
               window,
               strftime('%Y-%m-%dT%H:%M:%fZ', window_started_at / 1000.0, 'unixepoch') AS window_started,
               strftime('%Y-%m-%dT%H:%M:%fZ', due_at / 1000.0, 'unixepoch') AS due,
               strftime('%Y-%m-%dT%H:%M:%fZ', warn_at / 1000.0, 'unixepoch') AS warn,
               warned, overdue,
               strftime('%Y-%m-%dT%H:%M:%fZ', next_reminder_at / 1000.0, 'unixepoch') AS next_reminder,
               next_timer_kind,
               strftime('%Y-%m-%dT%H:%M:%fZ', next_timer_at / 1000.0, 'unixepoch') AS next_timer,
               paused, reopen_count
        FROM incidents
        WHERE state NOT IN ('closed', 'cancelled')
        ORDER BY id DESC;

        -- Missed at the top tier (version 4: the 超期 (督办) list). `overdue_ms` counts from the missed deadline to now (the
        -- clock of the shell reading the view); `overdue_for` is the same as "3d 04:05".
        CREATE VIEW overdue_incidents AS
        SELECT id, key, category, priority, state, tier,
               CASE tier WHEN 1 THEN 'community' WHEN 2 THEN 'street' WHEN 3 THEN 'district' ELSE 'city' END AS tier_name,
               unit, community, street, district, title, address, window,
               strftime('%Y-%m-%dT%H:%M:%fZ', due_at / 1000.0, 'unixepoch') AS due,
               overdue_ms,
               CASE WHEN overdue_ms IS NULL THEN NULL
                    ELSE printf('%dd %02d:%02d', overdue_ms / 86400000, overdue_ms / 3600000 % 24, overdue_ms / 60000 % 60)
               END AS overdue_for,
               strftime('%Y-%m-%dT%H:%M:%fZ', next_reminder_at / 1000.0, 'unixepoch') AS next_reminder,
               reopen_count,
               strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000.0, 'unixepoch') AS created,
               version
        FROM (SELECT *,
                     CASE WHEN due_at IS NULL THEN NULL
                          ELSE max(0, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) - due_at)
                     END AS overdue_ms
              FROM incidents
              WHERE overdue = 1 AND state NOT IN ('closed', 'cancelled'))
        ORDER BY due_at, id;
        """ + "\n" + timelineView + outcomesView

    /// `incident_timeline` (created again, as it is, by migration 4), times in UTC.
    static let timelineView = timeline(ViewTimes.utc.text)

    /// `incident_timeline` with times written by `text` (`OperatorViews`).
    static func timeline(_ text: (String) -> String) -> String {
        """
        CREATE VIEW incident_timeline AS
        SELECT e.seq, e.incident_id,
               \(text("e.at")) AS at,
               e.kind, e.tier, e.unit,
               e.actor_uid, e.actor_name, e.actor_pid,
               \(text("e.due")) AS due,
               CASE WHEN e.due IS NULL THEN NULL ELSE e.at - e.due END AS late_ms,
               e.note, e.detail,
               i.key, i.category, i.priority, i.state AS incident_state, i.title
        FROM events AS e
        JOIN incidents AS i ON i.id = e.incident_id
        ORDER BY e.seq;

        """
    }

    /// `outcomes` (created again, as it is, by migration 4).
    static let outcomesView = """
        CREATE VIEW outcomes AS
        SELECT unit, category,
               count(*) AS total,
               sum(state NOT IN ('closed', 'cancelled')) AS open,
               sum(state = 'dispatched') AS dispatched,
               sum(state = 'acknowledged') AS acknowledged,
               sum(state = 'resolved') AS resolved,
               sum(state = 'closed') AS closed,
               sum(state = 'cancelled') AS cancelled,
               sum(state = 'deferred') AS deferred
        FROM incidents
        GROUP BY unit, category;
        """
}
