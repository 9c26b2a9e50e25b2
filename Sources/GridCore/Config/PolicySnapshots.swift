/// Every configured category's policy snapshot at each priority, computed once per config.
///
/// It exists because intake opens every report with a snapshot (`EscalationPolicy.snapshot`),
/// and building one — the windows of each tier looked up through the `[Policy CODE]` overrides
/// into a dictionary — cost the intake path more than the lookup of a finished one. A reload
/// builds a new table with the new config, so a snapshot never outlives the policy it came from.
public struct PolicySnapshots: Sendable {
    private let snapshots: [String: [IncidentPolicy]]
    private let policy: EscalationPolicy

    public init(policy: EscalationPolicy, categories: CategoryCatalog) {
        self.policy = policy
        var snapshots: [String: [IncidentPolicy]] = [:]
        for category in categories.sorted {
            snapshots[category.code] = Priority.allCases.map { policy.snapshot(category: category, priority: $0) }
        }
        self.snapshots = snapshots
    }

    /// The snapshot of `category` at `priority` (as `EscalationPolicy.snapshot` gives it).
    public func snapshot(category: Category, priority: Priority) -> IncidentPolicy {
        guard let byPriority = snapshots[category.code], let index = Priority.allCases.firstIndex(of: priority) else {
            return policy.snapshot(category: category, priority: priority)
        }
        return byPriority[index]
    }
}
