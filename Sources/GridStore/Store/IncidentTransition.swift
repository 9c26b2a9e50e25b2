import GridCore

/// What a transition does to one incident: the new row (version already incremented by the caller)
/// and the events to append.
///
/// It exists so that a state change and its audit trail are committed together, in one transaction:
/// a worker action (ack, resolve, …) or a timer firing (warning, escalation, reminder) built by the
/// pure lifecycle, prepared against the row it was decided on (`PreparedTransition`) and written
/// by `IncidentStore.apply`. The store writes only the columns whose value changed (never the
/// id, the key, the intake record — `created_at`, `source`, `created_uid`, `created_name`,
/// `created_pid` — or the policy snapshot) and derives `next_timer_at` / `next_timer_kind` from
/// `incident.timers.nextTimer`.
public struct IncidentTransition: Sendable, Equatable {
    /// The incident as it is to be stored. Its `version` must be above the current row's (the
    /// lifecycle adds one), so that a timer armed at the old version finds it stale.
    public var incident: Incident
    /// Appended in order; `seq` and `incidentID` are assigned by the store.
    public var events: [IncidentEvent]

    public init(incident: Incident, events: [IncidentEvent]) {
        self.incident = incident
        self.events = events
    }
}

/// What became of a transition of one incident, known after the transaction committed.
///
/// `IncidentStore.apply` answers `.applied` or `.stale`; whoever decides transitions (the
/// daemon's `TransitionRunner`) also answers `.stale` and `.unchanged` for those it never wrote.
public enum TransitionOutcome: Sendable, Equatable {
    /// Written: the incident as stored now, and its new events with their `seq` and `incidentID`.
    case applied(Incident, [IncidentEvent])
    /// Nothing written: the row was not at the version expected (a timer armed before the
    /// incident moved on, or a row that changed between its read and the write). `current` is
    /// the row as it is.
    case stale(current: Incident)
    /// Nothing written: the transition had nothing to do (e.g. a timer the incident no longer has).
    case unchanged(Incident)

    /// The incident as it stands after the outcome.
    public var incident: Incident {
        switch self {
        case .applied(let incident, _), .stale(let incident), .unchanged(let incident): return incident
        }
    }
}

/// One pending deadline as the scheduler arms it: which incident, at which version, what fires, when.
/// Read in bulk at start-up by `IncidentStore.pendingTimers()`; a type of the store's because
/// that read is the store's (the `incidents_next_timer` index).
public struct ScheduledTimer: Sendable, Equatable {
    public var incidentID: Int64
    /// The incident's version when the timer was set: a firing whose version no longer matches does nothing.
    public var version: Int64
    public var kind: PendingTimer.Kind
    public var at: Timestamp

    public init(incidentID: Int64, version: Int64, kind: PendingTimer.Kind, at: Timestamp) {
        self.incidentID = incidentID
        self.version = version
        self.kind = kind
        self.at = at
    }
}
