/// One incident: a routed report and where it stands now. The row of the `incidents` table.
///
/// `version` goes up by one with every change; a pending deadline carries the version it was set
/// at, so a timer for an incident that has since moved on does nothing (exactly-once escalation).
public struct Incident: Sendable, Equatable {
    /// Assigned by the store; 0 before the incident is committed.
    public var id: Int64
    public var key: String?
    public var category: String
    public var priority: Priority
    public var state: IncidentState
    /// The tier that holds the incident now, and its unit there.
    public var tier: Tier
    public var unit: UnitCode
    public var placement: Placement
    public var title: String?
    public var description: String?
    public var address: String?
    public var location: GeoPoint?
    public var reporter: Report.Reporter?
    public var reportedAt: Timestamp?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var version: Int64
    public var source: IntakeSource
    public var createdBy: Actor
    /// The deadlines it lives by (snapshotted at creation).
    public var policy: IncidentPolicy
    /// Where it stands against them.
    public var timers: IncidentTimers
    /// How the report reached the centre.
    public var channel: Channel
    /// When it was registered (立案): at creation for channels registered at once, at the
    /// operator's `register` for the others; nil while `reported` (or `rejected`).
    public var registeredAt: Timestamp?
    /// The open 延期/缓办/挂账 request, if any (one at a time).
    public var request: CaseRequest?
    /// How many times it was pressed (督办).
    public var supervisedCount: Int
    /// The result of its 回访, once visited.
    public var visit: VisitResult?
    /// Who resolved it last (uid): they may not verify it (close or reopen), admins excepted.
    public var resolvedBy: UInt32?

    public init(
        id: Int64 = 0, key: String?, category: String, priority: Priority, state: IncidentState, tier: Tier,
        unit: UnitCode, placement: Placement, title: String? = nil, description: String? = nil,
        address: String? = nil, location: GeoPoint? = nil, reporter: Report.Reporter? = nil,
        reportedAt: Timestamp? = nil, createdAt: Timestamp, updatedAt: Timestamp, version: Int64 = 1,
        source: IntakeSource, createdBy: Actor, policy: IncidentPolicy = .unset, timers: IncidentTimers = IncidentTimers(),
        channel: Channel = .other, registeredAt: Timestamp? = nil, request: CaseRequest? = nil, supervisedCount: Int = 0,
        visit: VisitResult? = nil, resolvedBy: UInt32? = nil
    ) {
        self.id = id
        self.key = key
        self.category = category
        self.priority = priority
        self.state = state
        self.tier = tier
        self.unit = unit
        self.placement = placement
        self.title = title
        self.description = description
        self.address = address
        self.location = location
        self.reporter = reporter
        self.reportedAt = reportedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
        self.source = source
        self.createdBy = createdBy
        self.policy = policy
        self.timers = timers
        self.channel = channel
        self.registeredAt = registeredAt
        self.request = request
        self.supervisedCount = supervisedCount
        self.visit = visit
        self.resolvedBy = resolvedBy
    }
}
