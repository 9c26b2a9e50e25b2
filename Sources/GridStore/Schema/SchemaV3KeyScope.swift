/// Schema version 3: idempotency keys scoped to their submitter, with a digest of the content.
///
/// Until version 2 `incidents.key` was UNIQUE across everyone: a report whose key another user had
/// used was answered with that user's incident and never stored. Now a key is unique per
/// submitter (`key_uid`: the socket peer's uid, or the spool file's owner), and `key_digest`
/// (the SHA-256 of the report's content, `ReportDigest`) tells a retry (same digest: the stored
/// incident is returned) from a different report under a used key (`key_conflict`). Existing rows
/// get `key_uid = created_uid` (their submitter) and a NULL digest (unknown: taken as the same).
/// A spool key made by the daemon (`spool:NAME#LINE:DIGEST`) holds a digest of the report's bytes
/// itself, so its row keeps a NULL digest too: the key alone pins the content.
///
/// A column constraint (`key TEXT UNIQUE`) cannot be dropped in place, so the table is rebuilt the
/// way https://www.sqlite.org/lang_altertable.html#otheralter describes, with foreign keys off
/// (`Migration.rebuildsTables`: `events` and `outbox` keep referring to `incidents` by name and
/// their rows by id, checked with `PRAGMA foreign_key_check` before COMMIT): the views naming
/// `incidents` are dropped, the new table is filled from the old one, the old one is dropped, the
/// new one renamed, and the indexes and views are created again as version 1 defined them.
/// `events`, its triggers and `outbox` are not touched.
enum SchemaV3KeyScope {
    static let sql = [
        """
        DROP VIEW open_incidents;
        DROP VIEW overdue_incidents;
        DROP VIEW incident_timeline;
        DROP VIEW outcomes;
        """,
        """
        CREATE TABLE incidents_v3 (
            id             INTEGER PRIMARY KEY,
            -- The idempotency key, unique per submitter (key_uid: the socket peer's uid, or the
            -- spool file's owner), with the SHA-256 digest of the report's content (ReportDigest):
            -- NULL for rows from before version 3 (unknown content, taken as the same) and for
            -- the spool's own keys (spool:NAME#LINE:DIGEST pins the content by itself).
            key            TEXT,
            key_uid        INTEGER CHECK (key_uid >= 0),
            key_digest     BLOB    CHECK (key_digest IS NULL OR (typeof(key_digest) = 'blob' AND length(key_digest) = 32)),
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
            CHECK ((next_timer_at IS NULL) = (next_timer_kind IS NULL)),
            CHECK ((key IS NULL) = (key_uid IS NULL)),
            CHECK (key IS NOT NULL OR key_digest IS NULL)
        );
        """,
        """
        INSERT INTO incidents_v3 (key_uid, key_digest,
            id, key, category, priority, state, tier, unit, cell, community, street, district,
            route_method, route_reason, title, description, address, lat, lon, reporter_name, reporter_phone,
            reported_at, created_at, updated_at, version, source, created_uid, created_name, created_pid, policy,
            window, window_started_at, due_at, warn_at, warned, overdue, next_reminder_at, paused, resolved_on_time,
            reopen_count, next_timer_at, next_timer_kind)
        SELECT CASE WHEN key IS NULL THEN NULL ELSE created_uid END, NULL,
            id, key, category, priority, state, tier, unit, cell, community, street, district,
            route_method, route_reason, title, description, address, lat, lon, reporter_name, reporter_phone,
            reported_at, created_at, updated_at, version, source, created_uid, created_name, created_pid, policy,
            window, window_started_at, due_at, warn_at, warned, overdue, next_reminder_at, paused, resolved_on_time,
            reopen_count, next_timer_at, next_timer_kind
        FROM incidents ORDER BY id;
        DROP TABLE incidents;
        ALTER TABLE incidents_v3 RENAME TO incidents;
        -- The idempotency lookup: (submitter, key). Partial: incidents without a key cost it nothing.
        CREATE UNIQUE INDEX incidents_key ON incidents (key_uid, key) WHERE key IS NOT NULL;
        """,
        SchemaV1.incidentIndexes,
        SchemaV1.views,
    ].joined(separator: "\n")
}
