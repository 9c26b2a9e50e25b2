import GridCore

/// Which incidents `IncidentStore.incidents(matching:)` returns: every condition given must hold.
/// Results come newest first (highest id first); page with `beforeID` = the last id of a page.
public struct IncidentFilter: Sendable, Equatable {
    public static let defaultLimit = 100
    public static let maximumLimit = 10_000

    public var state: IncidentState?
    /// Only incidents that still need somebody (not closed, not cancelled).
    public var openOnly: Bool
    public var tier: Tier?
    /// A unit at any tier: matches incidents whose current unit is it or lies inside it, and
    /// incidents placed inside it (their community, street or district), wherever they are now —
    /// so a street sees what it escalated to the district.
    public var unit: UnitCode?
    public var category: String?
    /// Only red cases (the 超期 (督办) list): dispatched or acknowledged, at any tier, that missed a
    /// window or are past their case deadline at `now` (`CaseLight`).
    public var overdueOnly: Bool
    /// Only yellow cases: dispatched or acknowledged, not red, whose running window warned or
    /// whose case deadline's warning has passed at `now` (`CaseLight`).
    public var nearDeadline: Bool
    /// The instant the lights are judged at (needed by `overdueOnly` and `nearDeadline`).
    public var now: Timestamp
    /// Only incidents whose running window is this one (ack, resolve or verify).
    public var window: IncidentTimers.Window?
    public var createdSince: Timestamp?
    public var createdBefore: Timestamp?
    /// Only incidents with an id below this one (paging).
    public var beforeID: Int64?
    /// At most this many (clamped to 1…`maximumLimit`).
    public var limit: Int
    /// Only incidents with an open 延期/缓办/挂账 request (`list --requests`).
    public var withOpenRequest = false
    /// Only closed cases from residents and the hotline not yet visited (`list --to-visit`, 回访).
    public var toVisit = false

    public init(
        state: IncidentState? = nil, openOnly: Bool = false, tier: Tier? = nil, unit: UnitCode? = nil,
        category: String? = nil, overdueOnly: Bool = false, nearDeadline: Bool = false,
        window: IncidentTimers.Window? = nil, createdSince: Timestamp? = nil, createdBefore: Timestamp? = nil,
        beforeID: Int64? = nil, limit: Int = IncidentFilter.defaultLimit, now: Timestamp = Timestamp(milliseconds: 0)
    ) {
        self.now = now
        self.state = state
        self.openOnly = openOnly
        self.tier = tier
        self.unit = unit
        self.category = category
        self.overdueOnly = overdueOnly
        self.nearDeadline = nearDeadline
        self.window = window
        self.createdSince = createdSince
        self.createdBefore = createdBefore
        self.beforeID = beforeID
        self.limit = limit
    }

    /// The limit actually applied.
    public var effectiveLimit: Int { min(max(limit, 1), IncidentFilter.maximumLimit) }
}
