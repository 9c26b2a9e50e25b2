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
        /// After a missed ack or resolve window below the top tier (its `overdue` event first): the
        /// case moved up one tier with fresh windows there (超时上报).
        case escalated
        /// 超期: an ack or resolve window was missed, charged for good to the unit that held it
        /// (the event's tier and unit; `detail.charged_unit`, `charged_tier`, `window`). At the
        /// top tier the case stays there and is reminded. Also a missed verification window (`window`:
        /// `verify`), which charges nobody.
        case overdue
        /// A reminder for a case missed at the top tier (or its verification missed).
        case reminded
        /// 延期: the case deadline (and the running window's end) moved (`detail.by`,
        /// `case_due_from`, `case_due_to`).
        case extended
        /// A report from a channel that waits for 立案 was received (`reported` 待立案; `detail`:
        /// `channel`, `register_due` when `Register=` is set). Reports registered at once get
        /// `dispatched` instead.
        case reported
        /// 立案: an operator took a waiting report on (`reported` → `dispatched`); the policy
        /// snapshot and the case deadline are taken then (`detail.category`, `priority` when corrected).
        case registered
        /// 不予立案: an operator did not take a waiting report on (note required).
        case rejected
        /// A 延期/缓办/挂账 申请 was filed (`detail.request`: extend, defer or suspend; `by`, `until`).
        case requested
        /// The open request was approved (`detail.request`); its effect follows in the same step
        /// (`extended`, `deferred` or `suspended`). `detail.migrated`: a deferral from before
        /// schema version 5, taken as approved.
        case approved
        /// The open request was denied (note required).
        case denied
        /// 挂账: the case was suspended on an approved request; timers stopped.
        case suspended
        /// 督办: an operator or a unit above the holder pressed the case (counted against the holder).
        case supervised
        /// 回访: the reporter of a closed case was called back (`detail.result`).
        case visited
        /// 主动上报: the holder handed the case to the next tier with fresh windows (note required).
        /// Its own kind, not `escalated`: 超时上报 (`escalated`) and 主动上报 are counted apart
        /// by kind alone, and a hand-over is never 超期.
        case escalatedByHand = "escalated_by_hand"
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
