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
    /// Received (受理) — and, until 立案 is its own step, registered too.
    public var createdAt: Timestamp
    /// The running window, its end, its warning fired, a miss at the top tier (as on the row).
    public var window: IncidentTimers.Window?
    public var dueAt: Timestamp?
    public var warned: Bool
    public var overdue: Bool
    /// The case deadline (案件处置时限) and its warning, and the windows missed (超期), as on the row.
    public var caseDueAt: Timestamp?
    public var caseWarnAt: Timestamp?
    public var missedWindows: Int
    /// The title, read only for open red cases (the 超期 (督办) list of the report names them).
    public var title: String?
    public var events: IncidentEventFacts

    public init(
        id: Int64, category: String, community: UnitCode?, street: UnitCode?, district: UnitCode?, unit: UnitCode,
        tier: Tier, state: IncidentState, createdAt: Timestamp, window: IncidentTimers.Window? = nil, dueAt: Timestamp? = nil,
        warned: Bool = false, overdue: Bool = false, title: String? = nil, events: IncidentEventFacts = IncidentEventFacts(),
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

/// One event of a timeline as a report reads it: its kind, time and tier, and the few fields of
/// its detail that count (the store finds them in the raw text, `ReportColumns`).
public struct ReportEvent: Sendable, Equatable {
    public var kind: IncidentEvent.Kind
    public var at: Timestamp
    public var tier: Tier
    /// For timer events: when the window fell due (an escalation's new window starts then).
    public var due: Timestamp?
    /// `overdue`: the window missed (`register`, `ack`, `resolve`, `verify`: `isCharge`).
    public var window: IncidentTimers.Window?
    /// `overdue`: the unit and tier charged (`charged_unit`, `charged_tier`; the event's own when
    /// absent); `reported`: the centre that holds the register window (`register_unit`).
    public var chargedUnit: UnitCode?
    public var chargedTier: Tier?
    /// `resolved`: within the running resolve window (`on_time`); `registered`: within the
    /// register window (`register_on_time`); `visited`: satisfied or basic (满意, 基本满意).
    public var onTime: Bool
    /// `registered`: the case waited with a register window (`register_on_time` recorded);
    /// `reported`: it waits with one (`register_due`);
    /// `approved`: a deferral from before schema version 5 (`migrated`), not a decision.
    public var flagged: Bool

    public init(
        _ kind: IncidentEvent.Kind, at: Timestamp, tier: Tier, due: Timestamp? = nil, window: IncidentTimers.Window? = nil,
        chargedUnit: UnitCode? = nil, chargedTier: Tier? = nil, onTime: Bool = false, flagged: Bool = false
    ) {
        self.flagged = flagged
        self.kind = kind
        self.at = at
        self.tier = tier
        self.due = due
        self.window = window
        self.chargedUnit = chargedUnit
        self.chargedTier = chargedTier
        self.onTime = onTime
    }

    /// From a whole event (tests, and anything holding `IncidentEvent`s): what the store reads.
    public init(_ event: IncidentEvent) {
        let window = event.detail["window"]?.stringValue.flatMap(IncidentTimers.Window.init(rawValue:))
        let onTime: Bool
        let flagged: Bool
        switch event.kind {
        case .resolved:
            (onTime, flagged) = (event.detail["on_time"]?.boolValue == true, false)
        case .registered:
            let judged = event.detail["register_on_time"]?.boolValue
            (onTime, flagged) = (judged == true, judged != nil)
        case .visited:
            let result = event.detail["result"]?.stringValue
            (onTime, flagged) = (result == "satisfied" || result == "basic", false)
        case .approved:
            (onTime, flagged) = (false, event.detail["migrated"]?.boolValue == true)
        case .reported:
            (onTime, flagged) = (false, event.detail["register_due"] != nil)
        default:
            (onTime, flagged) = (false, false)
        }
        self.init(
            event.kind, at: event.at, tier: event.tier, due: event.due, window: event.kind == .overdue ? window : nil,
            chargedUnit: event.detail[event.kind == .reported ? "register_unit" : "charged_unit"]?.stringValue.flatMap(UnitCode.init),
            chargedTier: event.detail["charged_tier"]?.stringValue.flatMap { Tier(name: $0) }, onTime: onTime, flagged: flagged)
    }

    /// A missed window (超期): an `overdue` event that charges a unit — an ack, resolve or register
    /// window, or a verification that names the verifier's unit (`charged_unit`, since schema
    /// version 5; an older missed verification charges nobody).
    public var isCharge: Bool {
        guard kind == .overdue, let window else { return false }
        return window != .verify || chargedUnit != nil
    }

    /// An approval or denial decided by someone (not a deferral the schema 5 migration marked approved).
    public var isDecision: Bool { (kind == .approved || kind == .denied) && !flagged }
}

/// Events of one incident in one period, by kind (`IncidentEventFacts`).
public struct PeriodEventCounts: Sendable, Equatable {
    private var escalatedTo: (street: UInt16, district: UInt16, city: UInt16) = (0, 0, 0)
    /// 超期 by the tier of the unit charged: community, street, district, city.
    private var charged: (UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0)
    private var resolveCount: UInt16 = 0
    private var reopenCount: UInt16 = 0
    private var cancelCount: UInt16 = 0
    /// 立案 (registered, or dispatched at receipt), 不予立案, 督办, 主动上报, 回访 (and satisfied).
    private var loop = LoopCounts()

    public init() {}

    public static func == (lhs: PeriodEventCounts, rhs: PeriodEventCounts) -> Bool {
        lhs.escalatedTo == rhs.escalatedTo && lhs.charged == rhs.charged && lhs.resolveCount == rhs.resolveCount
            && lhs.reopenCount == rhs.reopenCount && lhs.cancelCount == rhs.cancelCount && lhs.loop == rhs.loop
    }

    /// Counts of the loop's steps (issue 14) in one period.
    struct LoopCounts: Equatable {
        var registered: UInt16 = 0
        var registerJudged: UInt16 = 0
        var registerTimely: UInt16 = 0
        var rejected: UInt16 = 0
        var supervised: UInt16 = 0
        var escalatedByHand: UInt16 = 0
        var visits: UInt16 = 0
        var visitsSatisfied: UInt16 = 0

        mutating func add(_ other: LoopCounts) {
            registered &+= other.registered
            registerJudged &+= other.registerJudged
            registerTimely &+= other.registerTimely
            rejected &+= other.rejected
            supervised &+= other.supervised
            escalatedByHand &+= other.escalatedByHand
            visits &+= other.visits
            visitsSatisfied &+= other.visitsSatisfied
        }
    }

    /// 立案: `registered` events, and `dispatched` ones (a report registered on receipt).
    public var registered: Int { Int(loop.registered) }
    /// Registrations of cases that waited with a register window (立案时限), and those within it.
    public var registerJudged: Int { Int(loop.registerJudged) }
    public var registerTimely: Int { Int(loop.registerTimely) }
    public var rejected: Int { Int(loop.rejected) }
    public var supervised: Int { Int(loop.supervised) }
    public var escalatedByHand: Int { Int(loop.escalatedByHand) }
    /// 回访, and those satisfied or basically satisfied.
    public var visits: Int { Int(loop.visits) }
    public var visitsSatisfied: Int { Int(loop.visitsSatisfied) }

    /// `escalated` events (超时上报), by the tier escalated to.
    public func escalations(to tier: Tier) -> Int {
        switch tier {
        case .community: return 0
        case .street: return Int(escalatedTo.street)
        case .district: return Int(escalatedTo.district)
        case .city: return Int(escalatedTo.city)
        }
    }

    /// 超期 charged to units at `tier` or below it (every one: `.city`).
    public func overdue(chargedAtOrBelow tier: Tier) -> Int {
        var count = Int(charged.0)
        if tier >= .street { count += Int(charged.1) }
        if tier >= .district { count += Int(charged.2) }
        if tier >= .city { count += Int(charged.3) }
        return count
    }

    public var resolves: Int { Int(resolveCount) }
    public var reopens: Int { Int(reopenCount) }
    public var cancels: Int { Int(cancelCount) }

    mutating func count(_ event: ReportEvent) {
        switch event.kind {
        case .escalated:
            switch event.tier {
            case .community: break
            case .street: escalatedTo.street &+= 1
            case .district: escalatedTo.district &+= 1
            case .city: escalatedTo.city &+= 1
            }
        case .overdue where event.isCharge:
            switch event.chargedTier ?? event.tier {
            case .community: charged.0 &+= 1
            case .street: charged.1 &+= 1
            case .district: charged.2 &+= 1
            case .city: charged.3 &+= 1
            }
        case .resolved: resolveCount &+= 1
        case .reopened: reopenCount &+= 1
        case .cancelled: cancelCount &+= 1
        case .dispatched: loop.registered &+= 1
        case .registered:
            loop.registered &+= 1
            if event.flagged { loop.registerJudged &+= 1 }
            if event.flagged && event.onTime { loop.registerTimely &+= 1 }
        case .rejected: loop.rejected &+= 1
        case .supervised: loop.supervised &+= 1
        case .escalatedByHand: loop.escalatedByHand &+= 1
        case .visited:
            loop.visits &+= 1
            if event.onTime { loop.visitsSatisfied &+= 1 }
        default: break
        }
    }

    mutating func add(_ other: PeriodEventCounts) {
        escalatedTo.street &+= other.escalatedTo.street
        escalatedTo.district &+= other.escalatedTo.district
        escalatedTo.city &+= other.escalatedTo.city
        charged.0 &+= other.charged.0
        charged.1 &+= other.charged.1
        charged.2 &+= other.charged.2
        charged.3 &+= other.charged.3
        resolveCount &+= other.resolveCount
        reopenCount &+= other.reopenCount
        cancelCount &+= other.cancelCount
        loop.add(other.loop)
    }
}

/// What an incident's timeline says, folded event by event (`absorb`) in any order — the store
/// reads the events table in parts, by `seq`, and merges. Compact on purpose (the store holds one
/// per incident while it reads the events of a million): times are milliseconds with a sentinel
/// for "none", counts are 16-bit, one set per period of the report.
public struct IncidentEventFacts: Sendable, Equatable {
    /// The event kinds a report reads; every other kind (warning, note, …) is skipped.
    public static let absorbedKinds: [IncidentEvent.Kind] = [
        .dispatched, .acknowledged, .resolved, .closed, .reopened, .cancelled, .escalated, .overdue, .transferred,
        .reported, .registered, .rejected, .supervised, .escalatedByHand, .visited, .approved, .denied,
    ]

    private static let none = Int64.min
    private var firstAcknowledged = IncidentEventFacts.none
    private var lastResolved = IncidentEventFacts.none
    private var closed = IncidentEventFacts.none
    private var firstAckMiss = IncidentEventFacts.none
    /// Events in the report's range and in the period before it.
    public private(set) var current = PeriodEventCounts()
    public private(set) var previous = PeriodEventCounts()

    public init() {}

    private static func time(_ value: Int64) -> Timestamp? { value == none ? nil : Timestamp(milliseconds: value) }

    /// The first 受理 (acknowledged event).
    public var firstAcknowledgedAt: Timestamp? { Self.time(firstAcknowledged) }
    /// The last resolve (处置完毕).
    public var lastResolvedAt: Timestamp? { Self.time(lastResolved) }
    public var closedAt: Timestamp? { Self.time(closed) }
    /// When the first ack window of the case that was missed fell due (超期 of a 受理 window).
    public var firstAckMissAt: Timestamp? { Self.time(firstAckMiss) }

    public func counts(_ period: ReportPeriods.Period) -> PeriodEventCounts { period == .current ? current : previous }

    /// Folds in the facts of the same incident's other events (read by another part of a report).
    public mutating func merge(_ other: IncidentEventFacts) {
        firstAcknowledged = Self.earliest(firstAcknowledged, other.firstAcknowledged)
        firstAckMiss = Self.earliest(firstAckMiss, other.firstAckMiss)
        lastResolved = max(lastResolved, other.lastResolved)
        closed = max(closed, other.closed)
        current.add(other.current)
        previous.add(other.previous)
    }

    private static func earliest(_ a: Int64, _ b: Int64) -> Int64 {
        a == none ? b : b == none ? a : min(a, b)
    }

    /// Folds one event in, in any order: the first acknowledgement and ack miss are the earliest,
    /// the last resolve and close the latest, whatever the periods; the counts go to the period
    /// the event happened in (none outside both).
    public mutating func absorb(_ event: ReportEvent, periods: ReportPeriods) {
        let time = event.at.milliseconds
        switch event.kind {
        case .acknowledged:
            firstAcknowledged = Self.earliest(firstAcknowledged, time)
        case .resolved:
            lastResolved = max(lastResolved, time)
        case .closed:
            closed = max(closed, time)
        case .overdue where event.window == .ack:
            firstAckMiss = Self.earliest(firstAckMiss, (event.due ?? event.at).milliseconds)
        default:
            break
        }
        switch periods.period(of: event.at) {
        case .current?: current.count(event)
        case .previous?: previous.count(event)
        case nil: break
        }
    }
}
