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
    /// Only incidents on the overdue register (挂账: missed at the top tier), still open.
    public var overdueOnly: Bool
    /// Only incidents whose yellow light is on: the warning of the running window has fired, the
    /// window has not ended (not overdue), and it runs (not paused by a deferral); still open.
    public var nearDeadline: Bool
    /// Only incidents whose running window is this one (ack, resolve or verify).
    public var window: IncidentTimers.Window?
    public var createdSince: Timestamp?
    public var createdBefore: Timestamp?
    /// Only incidents with an id below this one (paging).
    public var beforeID: Int64?
    /// At most this many (clamped to 1…`maximumLimit`).
    public var limit: Int

    public init(
        state: IncidentState? = nil, openOnly: Bool = false, tier: Tier? = nil, unit: UnitCode? = nil,
        category: String? = nil, overdueOnly: Bool = false, nearDeadline: Bool = false,
        window: IncidentTimers.Window? = nil, createdSince: Timestamp? = nil, createdBefore: Timestamp? = nil,
        beforeID: Int64? = nil, limit: Int = IncidentFilter.defaultLimit
    ) {
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
