/// Schema version 5: the steps of the loop (issue 14) — 立案 and channels, requests and approvals
/// (延期/缓办/挂账), 主动上报, 督办 and 回访.
///
/// - `incidents.state` admits `reported` (待立案), `rejected` (不予立案) and `suspended` (挂账);
///   `window` admits `register` (立案时限, from receipt) and `next_timer_kind` admits `resume`
///   (the end of a 缓办 granted until a time). New columns: `channel` (patrol, resident, hotline,
///   department, other; NOT NULL, `other` for every older row), `registered_at` (立案; older rows
///   were registered at creation: `created_at`), `request` (the open 延期/缓办/挂账 申请, JSON:
///   `CaseRequest.json`), `supervised` (督办 count), `visit_result` (回访) and `resolved_uid` (who
///   resolved it last, from its last `resolved` event: no self-verification). CHECKs cannot be
///   changed in place, so `incidents` is rebuilt the way migration 3 did it and `events` the way
///   migration 4 did it (https://www.sqlite.org/lang_altertable.html#otheralter, foreign keys off
///   — `Migration.rebuildsTables` — and `PRAGMA foreign_key_check` before COMMIT): the views are
///   dropped, rows copied with their ids and seqs, the old tables dropped, the new ones renamed,
///   and every index, trigger and view created again. `outbox` and `case_deadline_backfill` go on
///   referring to both by name and by id/seq.
/// - `events.kind` admits `reported` (a report received that waits for 立案), `registered`,
///   `rejected`, `requested`, `approved`, `denied`, `suspended`, `supervised`, `visited` and
///   `escalated_by_hand` (主动上报: its own kind, so a report tells it from 超时上报 — `escalated`
///   — by kind alone).
/// - Not shipped yet: until issue 14 is merged this step is still edited in place (like version 1
///   before its release), so every slice of the issue lands in one migration.
/// - Before version 5 a worker deferred its own cases; now 缓办 needs an approval. A case deferred
///   at migration stays `deferred` (its `paused` window as it was) and is taken as approved: an
///   `approved` event is appended (actor `gridd`, uid 0; `at` and tier/unit those of its last
///   `deferred` event; detail `{"request": "defer", "migrated": true}`), after every event the case
///   had (events are append-only). Reports count it as paused (缓办); per-unit "requests approved"
///   should skip `migrated` ones (nobody decided them). Past deferrals that were resumed get nothing.
/// - `incidents_light` now also holds `reported` cases (the register window's light).
enum SchemaV5Loop {
    /// The states in which a case has a running light (`CaseLight`): the partial index's condition.
    static let lightStates = "state IN ('reported', 'dispatched', 'acknowledged')"
    /// Closed cases from residents and the hotline not yet visited (回访): `list --to-visit` and
    /// its partial index's condition (the same text, for SQLite to match them).
    static let toVisitCondition = "state = 'closed' AND visit_result IS NULL AND channel IN ('resident', 'hotline')"
    /// The states a case is no longer open in (`IncidentState.isOpen`).
    static let closedStates = "('closed', 'cancelled', 'rejected')"

    static let sql = [
        SchemaV4CaseDeadlines.dropViews, incidentsRebuild, incidentIndexes, eventsRebuild, migratedApprovals,
        SchemaV5Views.sql, SchemaV2Outbox.pendingNotificationsView,
    ].joined(separator: "\n")

    static let incidentsTable = """
        CREATE TABLE incidents_v5 (
            id             INTEGER PRIMARY KEY,
            -- The idempotency key, unique per submitter (key_uid), with the SHA-256 digest of the
            -- report's content (ReportDigest); see schema version 3.
            key            TEXT,
            key_uid        INTEGER CHECK (key_uid >= 0),
            key_digest     BLOB    CHECK (key_digest IS NULL OR (typeof(key_digest) = 'blob' AND length(key_digest) = 32)),
            category       TEXT    NOT NULL CHECK (length(category) > 0),
            priority       TEXT    NOT NULL CHECK (priority = 'urgent' OR priority = 'normal' OR priority = 'low'),
            state          TEXT    NOT NULL CHECK (state = 'reported' OR state = 'dispatched' OR state = 'acknowledged'
                                    OR state = 'resolved' OR state = 'closed' OR state = 'cancelled' OR state = 'deferred'
                                    OR state = 'rejected' OR state = 'suspended'),
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
            -- The deadlines it lives by, snapshotted at registration (IncidentPolicy.json).
            policy            TEXT    NOT NULL CHECK (json_valid(policy)),
            -- Where it stands against them (IncidentTimers).
            window            TEXT    CHECK (window = 'register' OR window = 'ack' OR window = 'resolve' OR window = 'verify'),
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
                                    OR next_timer_kind = 'reminder' OR next_timer_kind = 'resume'),
            -- The case deadline (案件处置时限) and its warning; 超期 of the case (schema version 4).
            case_due_at       INTEGER,
            case_warn_at      INTEGER,
            missed_windows    INTEGER NOT NULL DEFAULT 0 CHECK (missed_windows >= 0),
            -- How the report came in; 立案; the open 延期/缓办/挂账 申请 (CaseRequest.json); 督办; 回访.
            channel           TEXT    NOT NULL DEFAULT 'other' CHECK (channel = 'patrol' OR channel = 'resident'
                                    OR channel = 'hotline' OR channel = 'department' OR channel = 'other'),
            registered_at     INTEGER,
            request           TEXT    CHECK (request IS NULL OR (json_valid(request)
                                    AND json_extract(request, '$.kind') IN ('extend', 'defer', 'suspend'))),
            supervised        INTEGER NOT NULL DEFAULT 0 CHECK (supervised >= 0),
            visit_result      TEXT    CHECK (visit_result = 'satisfied' OR visit_result = 'basic' OR visit_result = 'unsatisfied'),
            -- Who resolved it last (no self-verification: they may not close or reopen it).
            resolved_uid      INTEGER CHECK (resolved_uid >= 0),
            CHECK ((lat IS NULL) = (lon IS NULL)),
            CHECK ((next_timer_at IS NULL) = (next_timer_kind IS NULL)),
            CHECK ((key IS NULL) = (key_uid IS NULL)),
            CHECK (key IS NOT NULL OR key_digest IS NULL)
        );
        """

    static let incidentsRebuild = incidentsTable + """
        INSERT INTO incidents_v5 (
            id, key, key_uid, key_digest, category, priority, state, tier, unit, cell, community, street, district,
            route_method, route_reason, title, description, address, lat, lon, reporter_name, reporter_phone,
            reported_at, created_at, updated_at, version, source, created_uid, created_name, created_pid, policy,
            window, window_started_at, due_at, warn_at, warned, overdue, next_reminder_at, paused, resolved_on_time,
            reopen_count, next_timer_at, next_timer_kind, case_due_at, case_warn_at, missed_windows,
            channel, registered_at, resolved_uid)
        SELECT
            id, key, key_uid, key_digest, category, priority, state, tier, unit, cell, community, street, district,
            route_method, route_reason, title, description, address, lat, lon, reporter_name, reporter_phone,
            reported_at, created_at, updated_at, version, source, created_uid, created_name, created_pid, policy,
            window, window_started_at, due_at, warn_at, warned, overdue, next_reminder_at, paused, resolved_on_time,
            reopen_count, next_timer_at, next_timer_kind, case_due_at, case_warn_at, missed_windows,
            'other', created_at,
            (SELECT e.actor_uid FROM events AS e WHERE e.incident_id = incidents.id AND e.kind = 'resolved' ORDER BY e.seq DESC LIMIT 1)
        FROM incidents ORDER BY id;
        DROP TABLE incidents;
        ALTER TABLE incidents_v5 RENAME TO incidents;
        """

    static let incidentIndexes = """
        -- The idempotency lookup: (submitter, key). Partial: incidents without a key cost it nothing.
        CREATE UNIQUE INDEX incidents_key ON incidents (key_uid, key) WHERE key IS NOT NULL;
        \(SchemaV1.incidentIndexes)
        -- Only the cases that can have a light; keyed by when each stops being green, and covering
        -- what decides red and yellow (state too: SQLite counts the partial condition's column).
        CREATE INDEX incidents_light ON incidents (\(SchemaV4CaseDeadlines.attentionExpression), missed_windows, case_due_at, warned, case_warn_at, state)
            WHERE \(lightStates);
        -- list --requests: the few cases with an open 延期/缓办/挂账 request (partial: the others cost nothing).
        CREATE INDEX incidents_request ON incidents (id) WHERE request IS NOT NULL;
        -- list --to-visit: the closed cases owed a 回访 (partial: every other case costs nothing).
        CREATE INDEX incidents_to_visit ON incidents (id) WHERE \(toVisitCondition);
        """

    static let eventKinds = """
        kind = 'dispatched' OR kind = 'acknowledged' OR kind = 'resolved'
                                    OR kind = 'closed' OR kind = 'reopened' OR kind = 'cancelled'
                                    OR kind = 'deferred' OR kind = 'resumed' OR kind = 'transferred'
                                    OR kind = 'note' OR kind = 'warning' OR kind = 'escalated' OR kind = 'overdue'
                                    OR kind = 'reminded' OR kind = 'extended' OR kind = 'reported' OR kind = 'registered' OR kind = 'rejected'
                                    OR kind = 'requested' OR kind = 'approved' OR kind = 'denied' OR kind = 'suspended'
                                    OR kind = 'supervised' OR kind = 'visited' OR kind = 'escalated_by_hand'
        """

    static let eventsRebuild = """
        CREATE TABLE events_v5 (
            seq         INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents (id),
            kind        TEXT    NOT NULL CHECK (\(eventKinds)),
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
        INSERT INTO events_v5 (seq, incident_id, kind, at, tier, unit, actor_uid, actor_name, actor_pid, due, note, detail)
        SELECT seq, incident_id, kind, at, tier, unit, actor_uid, actor_name, actor_pid, due, note, detail FROM events ORDER BY seq;
        DROP TABLE events;
        ALTER TABLE events_v5 RENAME TO events;
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

    /// Every case deferred now is taken as an approved 缓办: an `approved` event at its last deferral.
    static let migratedApprovals = """
        INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid, actor_name, actor_pid, due, note, detail)
        SELECT e.incident_id, 'approved', e.at, e.tier, e.unit, 0, 'gridd', NULL, NULL, NULL,
               json_object('request', 'defer', 'migrated', json('true'))
        FROM events AS e JOIN incidents AS i ON i.id = e.incident_id
        WHERE i.state = 'deferred' AND e.kind = 'deferred'
          AND e.seq = (SELECT max(d.seq) FROM events AS d WHERE d.incident_id = e.incident_id AND d.kind = 'deferred')
        ORDER BY e.incident_id;
        """
}
