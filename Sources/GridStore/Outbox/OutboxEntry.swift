import GridCore

/// One pending notification as the dispatcher takes it: the outbox row and what it is about.
public struct OutboxEntry: Sendable {
    /// The event's `seq`: the notification's id, the same on every redelivery.
    public var seq: Int64
    public var incidentID: Int64
    public var kind: String
    /// Attempts made so far (failed ones, and any cut short by a stop or crash are not counted).
    public var attempts: Int
    /// The event and its incident as stored now; a row that does not decode is an error here,
    /// so one bad row fails its own delivery and not the others'.
    public var subject: Result<OutboxSubject, StoreError>
}

/// The event of a notification and its incident (as it stands when the notification is read).
public struct OutboxSubject: Sendable {
    public var event: IncidentEvent
    public var incident: Incident
}

/// What the outbox holds, for `gridctl status` (read from the partial indexes only: pending and
/// given-up rows are few; delivered ones are never counted).
public struct OutboxStatistics: Sendable, Equatable {
    /// Not delivered and not given up.
    public var pending: Int = 0
    /// Pending rows with at least one failed attempt.
    public var failing: Int = 0
    /// The earliest `next_attempt_at` of a pending row (real time).
    public var nextAttemptAt: Timestamp?
    /// Rows given up after `MaxAttempts=` failures.
    public var gaveUp: Int = 0
    /// The most recent failure among pending rows: which notification, when, and why.
    public var lastError: (seq: Int64, at: Timestamp, message: String)?

    public init() {}

    public static func == (a: OutboxStatistics, b: OutboxStatistics) -> Bool {
        a.pending == b.pending && a.failing == b.failing && a.nextAttemptAt == b.nextAttemptAt && a.gaveUp == b.gaveUp
            && a.lastError?.seq == b.lastError?.seq && a.lastError?.at == b.lastError?.at
            && a.lastError?.message == b.lastError?.message
    }
}
