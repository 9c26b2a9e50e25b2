/// Schema version 2: the transactional outbox of notifications (`[Notify]`).
///
/// One row per event that is to be notified, written by a trigger on `events` in the same
/// transaction as the event (so a notification exists if and only if its event committed), and
/// updated by the daemon as deliveries succeed or fail. The trigger itself is not part of the
/// schema: it is a TEMP trigger the daemon creates on its writer connection from `Events=` (see
/// `NotificationOutbox`), so a database without `[Notify]` — or written by another program —
/// gets no rows, and intake pays nothing for notifications that are off.
///
/// Times here are the host's real clock (INTEGER milliseconds since the epoch, UTC), also when
/// the daemon runs on a drill clock: they schedule runs of a real program.
///
/// - `event_seq`: the event (and the notification's id: the same on every redelivery).
/// - `attempts`, `last_attempt_at`, `last_error`: failed and successful runs so far.
/// - `next_attempt_at`: when the next run is due (0: at once).
/// - `delivered_at`: the run that exited 0; `gave_up_at`: after `MaxAttempts=` failures. A row
///   with neither is pending, and the partial index `outbox_due` holds exactly those;
///   `outbox_gave_up` holds the given-up ones.
///
/// View for the `sqlite3` shell: `pending_notifications` (pending rows with readable times).
enum SchemaV2Outbox {
    static let sql = """
        CREATE TABLE outbox (
            event_seq       INTEGER PRIMARY KEY REFERENCES events (seq),
            incident_id     INTEGER NOT NULL REFERENCES incidents (id),
            kind            TEXT    NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            last_attempt_at INTEGER,
            last_error      TEXT,
            delivered_at    INTEGER,
            gave_up_at      INTEGER,
            CHECK (delivered_at IS NULL OR gave_up_at IS NULL)
        );
        -- What the dispatcher reads: pending rows by due time. Partial, so delivered rows (nearly
        -- all of them, in time) cost it nothing.
        CREATE INDEX outbox_due ON outbox (next_attempt_at, event_seq)
            WHERE delivered_at IS NULL AND gave_up_at IS NULL;
        -- Given-up rows, for the count in `gridctl status` without a scan of every delivered row.
        CREATE INDEX outbox_gave_up ON outbox (event_seq) WHERE gave_up_at IS NOT NULL;

        """ + pendingNotificationsView

    /// The view (created again by migration 4, which rebuilds `events`), times in UTC.
    static let pendingNotificationsView = pendingNotifications(ViewTimes.utc.text)

    /// The view with times written by `text` (`OperatorViews`).
    static func pendingNotifications(_ text: (String) -> String) -> String {
        """
        CREATE VIEW pending_notifications AS
        SELECT o.event_seq, o.incident_id, o.kind, o.attempts,
               \(text("e.at")) AS event_at,
               \(text("o.next_attempt_at")) AS next_attempt,
               \(text("o.last_attempt_at")) AS last_attempt,
               o.last_error
        FROM outbox AS o
        JOIN events AS e ON e.seq = o.event_seq
        WHERE o.delivered_at IS NULL AND o.gave_up_at IS NULL
        ORDER BY o.next_attempt_at, o.event_seq;
        """
    }
}
