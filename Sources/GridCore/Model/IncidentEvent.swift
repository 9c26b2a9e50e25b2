/// One entry of an incident's audit trail: the row of the append-only `events` table and one
/// line of the dispatch log. Nothing that happens to an incident goes unrecorded.
public struct IncidentEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case dispatched
        case acknowledged
        case resolved
        case closed
        case reopened
        case cancelled
        case deferred
        case resumed
        case transferred
        case note
        /// The yellow light: a window is nearly used up.
        case warning
        /// A window was missed; the incident moved up one tier.
        case escalated
        /// Missed at the top tier: on the overdue register (挂账).
        case overdue
        /// A reminder for an incident on the overdue register.
        case reminded
    }

    /// Assigned by the store; 0 before commit.
    public var seq: Int64
    public var incidentID: Int64
    public var kind: Kind
    public var at: Timestamp
    public var tier: Tier
    public var unit: UnitCode
    public var actor: Actor
    /// For timer events: when the deadline fell due (`at` − `due` is how late it ran).
    public var due: Timestamp?
    public var note: String?
    /// Anything else worth keeping (routing method and reason, from/to of a transfer, …).
    public var detail: JSONObject

    public init(
        seq: Int64 = 0, incidentID: Int64 = 0, kind: Kind, at: Timestamp, tier: Tier, unit: UnitCode, actor: Actor,
        due: Timestamp? = nil, note: String? = nil, detail: JSONObject = JSONObject()
    ) {
        self.seq = seq
        self.incidentID = incidentID
        self.kind = kind
        self.at = at
        self.tier = tier
        self.unit = unit
        self.actor = actor
        self.due = due
        self.note = note
        self.detail = detail
    }
}
