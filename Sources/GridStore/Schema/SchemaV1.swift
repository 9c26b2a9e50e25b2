/// Schema version 1: the incidents, their append-only audit trail, and views for operators.
///
/// This text is a shipped migration: never edit it, add a new `Migration` instead.
///
/// Conventions:
/// - Times are INTEGER milliseconds since the Unix epoch, UTC (`GridCore.Timestamp`). The views
///   render them as RFC 3339 UTC text (`2026-11-28T04:19:13.000Z`).
/// - Enumerations are TEXT (or INTEGER for tiers) with CHECK constraints listing every value the
///   model knows; a new case in the model needs a migration (a test checks the lists stay complete).
/// - Tier: 1 community (社区), 2 street (街道), 3 district (区/县), 4 city (市).
///
/// Views for the `sqlite3` shell (read-only; `sqlite3 -readonly var/gridd.db`):
/// - `open_incidents`: every incident that still needs somebody (not closed, not cancelled),
///   with readable times, newest first.
/// - `incident_timeline`: every event joined with its incident, in order (`WHERE incident_id = 42`);
///   `late_ms` says how late a timer event ran after its deadline fell due.
/// - `outcomes`: per current unit and category, how many incidents are in each state.
/// Version 2 (the escalation work) will add `overdue`: open incidents past their deadline (挂账).
enum SchemaV1 {
    static let sql = """
        CREATE TABLE incidents (
            id             INTEGER PRIMARY KEY,
            key            TEXT UNIQUE,
            category       TEXT    NOT NULL CHECK (length(category) > 0),
            priority       TEXT    NOT NULL CHECK (priority IN ('urgent', 'normal', 'low')),
            state          TEXT    NOT NULL CHECK (state IN ('dispatched', 'acknowledged', 'resolved', 'closed', 'cancelled', 'deferred')),
            tier           INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 4),
            unit           TEXT    NOT NULL,
            cell           TEXT,
            community      TEXT,
            street         TEXT,
            district       TEXT,
            route_method   TEXT    NOT NULL CHECK (route_method IN ('cell', 'community', 'location', 'fallback')),
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
            source         TEXT    NOT NULL CHECK (source IN ('socket', 'spool')),
            created_uid    INTEGER NOT NULL CHECK (created_uid >= 0),
            created_name   TEXT,
            created_pid    INTEGER,
            CHECK ((lat IS NULL) = (lon IS NULL))
        );
        -- Every index costs each intake insert a B-tree update inside the single writer, so there
        -- are few: the list filters that are selective. Tier (4 values), category and creation
        -- time are filtered while walking ids newest first (ids grow with created_at).
        CREATE INDEX incidents_state ON incidents (state, id);
        CREATE INDEX incidents_unit ON incidents (unit, id);
        -- "Everything in this street": a community code starts with its street's and district's
        -- codes, so one prefix range on community serves every level; placements without a
        -- community (a fallback to a street or district) are few and found through community IS NULL.
        CREATE INDEX incidents_community ON incidents (community);

        -- The audit trail: one row per thing that happened to an incident. Append-only.
        CREATE TABLE events (
            seq         INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents (id),
            kind        TEXT    NOT NULL CHECK (kind IN ('dispatched', 'acknowledged', 'resolved', 'closed', 'reopened',
                                'cancelled', 'deferred', 'resumed', 'transferred', 'note', 'warning', 'escalated',
                                'overdue', 'reminded')),
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

        CREATE VIEW open_incidents AS
        SELECT id, key, category, priority, state, tier,
               CASE tier WHEN 1 THEN 'community' WHEN 2 THEN 'street' WHEN 3 THEN 'district' ELSE 'city' END AS tier_name,
               unit, cell, community, street, district, route_method, title, address,
               strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000.0, 'unixepoch') AS created,
               strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') AS updated,
               version, source
        FROM incidents
        WHERE state NOT IN ('closed', 'cancelled')
        ORDER BY id DESC;

        CREATE VIEW incident_timeline AS
        SELECT e.seq, e.incident_id,
               strftime('%Y-%m-%dT%H:%M:%fZ', e.at / 1000.0, 'unixepoch') AS at,
               e.kind, e.tier, e.unit,
               e.actor_uid, e.actor_name, e.actor_pid,
               strftime('%Y-%m-%dT%H:%M:%fZ', e.due / 1000.0, 'unixepoch') AS due,
               CASE WHEN e.due IS NULL THEN NULL ELSE e.at - e.due END AS late_ms,
               e.note, e.detail,
               i.key, i.category, i.priority, i.state AS incident_state, i.title
        FROM events AS e
        JOIN incidents AS i ON i.id = e.incident_id
        ORDER BY e.seq;

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

        -- Version 2 (escalation work) adds the `overdue` view (挂账: open incidents past their deadline).
        """
}
