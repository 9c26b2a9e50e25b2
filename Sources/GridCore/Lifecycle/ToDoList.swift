/// A caller's to-do list (`gridctl mine`, `list` with `mine`), decided from its roles: the cases
/// its worker units hold (to 受理, to handle, or paused at them), and — for an inspector (监督员) —
/// the resolved cases in its area waiting for its 核查, except those it resolved itself (it may
/// not verify them: `Authority`). Red first, then yellow, green, paused, the cases to verify
/// last; within each, the soonest deadline first. Pure: the daemon fetches the candidates.
public struct ToDoList: Sendable, Equatable {
    /// The units whose cases the caller holds (its worker roles), in code order.
    public let holderUnits: [UnitCode]
    /// The units whose resolved cases the caller verifies (its inspector roles), in code order.
    public let inspectorUnits: [UnitCode]
    /// A city-wide inspector: verifies resolved cases anywhere.
    public let inspectsCity: Bool
    private let roles: Set<Role>

    public init(roles: Set<Role>) {
        self.roles = roles
        var holders: Set<UnitCode> = []
        var inspected: Set<UnitCode> = []
        var city = false
        for role in roles {
            switch role {
            case .worker(let unit): holders.insert(unit)
            case .inspector(let unit?): inspected.insert(unit)
            case .inspector(nil): city = true
            case .admin, .operator: break
            }
        }
        holderUnits = holders.sorted()
        inspectorUnits = inspected.sorted()
        inspectsCity = city
    }

    /// No unit to hold or verify for (an admin or operator only): its list is `list`.
    public var isEmpty: Bool { holderUnits.isEmpty && inspectorUnits.isEmpty && !inspectsCity }

    /// Whether `incident` is on the list of `actor`.
    public func includes(_ incident: Incident, actor: Actor) -> Bool {
        switch incident.state {
        case .dispatched, .acknowledged, .deferred, .suspended:
            return holderUnits.contains(incident.unit)
        case .resolved:
            return incident.resolvedBy != actor.uid && Authority.inspects(incident, roles)
        case .reported, .closed, .cancelled, .rejected:
            return false
        }
    }

    /// `incidents` in the list's order at `now`: by light (red, yellow, green, paused, then the
    /// resolved cases to verify), then by the running window's due time (none last), then by id.
    public static func ordered(_ incidents: [Incident], at now: Timestamp) -> [Incident] {
        func rank(_ incident: Incident) -> Int {
            switch CaseLight.of(incident, at: now) {
            case .red: return 0
            case .yellow: return 1
            case .green: return 2
            case .paused: return 3
            case nil: return 4
            }
        }
        return incidents.sorted { left, right in
            let (leftRank, rightRank) = (rank(left), rank(right))
            if leftRank != rightRank { return leftRank < rightRank }
            let leftDue = left.timers.dueAt?.milliseconds ?? Int64.max
            let rightDue = right.timers.dueAt?.milliseconds ?? Int64.max
            if leftDue != rightDue { return leftDue < rightDue }
            return left.id < right.id
        }
    }
}
