/// What a report needs to know about one incident: its row as it is now, and what its timeline
/// says (`IncidentEventFacts`). The store reads one per incident in a single pass; `ReportRules`
/// turns it into what it counts for, so the definitions stay pure and testable on hand-built facts.
public struct IncidentFacts: Sendable, Equatable {
    public var id: Int64
    public var category: String
    /// Where it happened (the placement); nil above the level routing reached (a fallback).
    public var community: UnitCode?
    public var street: UnitCode?
    public var district: UnitCode?
    /// The unit that holds it now, and its tier.
    public var unit: UnitCode
    public var tier: Tier
    public var state: IncidentState
    public var createdAt: Timestamp
    /// The running window, its end, its warning fired, a miss at the top tier (as on the row).
    public var window: IncidentTimers.Window?
    public var dueAt: Timestamp?
    public var warned: Bool
    public var overdue: Bool
    /// The case deadline and its warning, and the windows missed (超期), as on the row.
    public var caseDueAt: Timestamp?
    public var caseWarnAt: Timestamp?
    public var missedWindows: Int
    /// While deferred: what was left of the paused window.
    public var pausedRemaining: PolicyDuration?
    /// Set by the last resolve: whether it came within the resolving tier's deadline.
    public var resolvedOnTime: Bool?
    /// How many times verification failed (返工).
    public var reopenCount: Int
    /// The title, read only for open red cases (the 超期 (督办) list of the report names them).
    public var title: String?
    public var events: IncidentEventFacts

    public init(
        id: Int64, category: String, community: UnitCode?, street: UnitCode?, district: UnitCode?, unit: UnitCode,
        tier: Tier, state: IncidentState, createdAt: Timestamp, window: IncidentTimers.Window? = nil, dueAt: Timestamp? = nil,
        warned: Bool = false, overdue: Bool = false, pausedRemaining: PolicyDuration? = nil, resolvedOnTime: Bool? = nil,
        reopenCount: Int = 0, title: String? = nil, events: IncidentEventFacts = IncidentEventFacts(),
        caseDueAt: Timestamp? = nil, caseWarnAt: Timestamp? = nil, missedWindows: Int = 0
    ) {
        self.caseDueAt = caseDueAt
        self.caseWarnAt = caseWarnAt
        self.missedWindows = missedWindows
        self.id = id
        self.category = category
        self.community = community
        self.street = street
        self.district = district
        self.unit = unit
        self.tier = tier
        self.state = state
        self.createdAt = createdAt
        self.window = window
        self.dueAt = dueAt
        self.warned = warned
        self.overdue = overdue
        self.pausedRemaining = pausedRemaining
        self.resolvedOnTime = resolvedOnTime
        self.reopenCount = reopenCount
        self.title = title
        self.events = events
    }

    /// The light at `now` (`CaseLight`, the one definition): nil when resolved, closed or cancelled.
    public func light(at now: Timestamp) -> ReportLight? {
        let timers = IncidentTimers(
            window: window, dueAt: dueAt, warned: warned, overdue: overdue, caseDueAt: caseDueAt, caseWarnAt: caseWarnAt,
            missedWindows: missedWindows)
        return CaseLight.of(state: state, timers: timers, at: now)
    }
}

/// What an incident's timeline says, folded event by event (`absorb`). Compact on purpose — the
/// store holds one per incident while it reads the events of a million — so the times are kept
/// as milliseconds with a sentinel for "none".
public struct IncidentEventFacts: Sendable, Equatable {
    /// The event kinds a report reads; every other kind (dispatched, warning, note, …) is skipped.
    public static let absorbedKinds: [IncidentEvent.Kind] = [.acknowledged, .resolved, .closed, .deferred, .escalated, .overdue]

    private static let none = Int64.min
    private var firstAcknowledged = IncidentEventFacts.none
    private var lastResolved = IncidentEventFacts.none
    private var lastResolveDueAt = IncidentEventFacts.none
    private var closed = IncidentEventFacts.none
    private var lastDeferred = IncidentEventFacts.none
    private var escalatedToStreet: UInt16 = 0
    private var escalatedToDistrict: UInt16 = 0
    private var escalatedToCity: UInt16 = 0
    private var overdueCount: UInt16 = 0

    public init() {}

    private static func time(_ value: Int64) -> Timestamp? { value == none ? nil : Timestamp(milliseconds: value) }

    /// The first 受理 (acknowledged event).
    public var firstAcknowledgedAt: Timestamp? { Self.time(firstAcknowledged) }
    /// The last resolve, and the deadline it was measured against (`resolve_due` of that event).
    public var lastResolvedAt: Timestamp? { Self.time(lastResolved) }
    public var lastResolveDue: Timestamp? { Self.time(lastResolveDueAt) }
    public var closedAt: Timestamp? { Self.time(closed) }
    /// The last deferral (缓办).
    public var lastDeferredAt: Timestamp? { Self.time(lastDeferred) }
    /// Escalations in the report's range, by the tier escalated to.
    public func escalations(to tier: Tier) -> Int {
        switch tier {
        case .community: return 0
        case .street: return Int(escalatedToStreet)
        case .district: return Int(escalatedToDistrict)
        case .city: return Int(escalatedToCity)
        }
    }
    /// `overdue` events in the report's range: every missed window (超期), and missed verifications.
    public var enteredOverdue: Int { Int(overdueCount) }

    /// Folds in the facts of the same incident's other events (read by another part of a report).
    public mutating func merge(_ other: IncidentEventFacts) {
        if other.firstAcknowledged != Self.none, firstAcknowledged == Self.none || other.firstAcknowledged < firstAcknowledged {
            firstAcknowledged = other.firstAcknowledged
        }
        if other.lastResolved != Self.none, lastResolved == Self.none || other.lastResolved >= lastResolved {
            lastResolved = other.lastResolved
            lastResolveDueAt = other.lastResolveDueAt
        }
        closed = max(closed, other.closed)
        lastDeferred = max(lastDeferred, other.lastDeferred)
        escalatedToStreet &+= other.escalatedToStreet
        escalatedToDistrict &+= other.escalatedToDistrict
        escalatedToCity &+= other.escalatedToCity
        overdueCount &+= other.overdueCount
    }

    /// Folds one event in, in any order (the first acknowledgement is the earliest, the last
    /// resolve, close and deferral the latest). Escalations and overdue events count only when
    /// they happened in `range`; the times are kept whatever the range.
    /// - Parameter resolveDue: for a resolved event, the `resolve_due` it recorded.
    public mutating func absorb(_ kind: IncidentEvent.Kind, tier: Tier, at: Timestamp, resolveDue: Timestamp?, range: ReportRange) {
        let time = at.milliseconds
        switch kind {
        case .acknowledged:
            if firstAcknowledged == Self.none || time < firstAcknowledged { firstAcknowledged = time }
        case .resolved:
            if lastResolved == Self.none || time >= lastResolved {
                lastResolved = time
                lastResolveDueAt = resolveDue?.milliseconds ?? Self.none
            }
        case .closed:
            closed = max(closed, time)
        case .deferred:
            lastDeferred = max(lastDeferred, time)
        case .escalated where range.contains(at):
            switch tier {
            case .community: break
            case .street: escalatedToStreet &+= 1
            case .district: escalatedToDistrict &+= 1
            case .city: escalatedToCity &+= 1
            }
        case .overdue where range.contains(at):
            overdueCount &+= 1
        default:
            break
        }
    }
}
