import GridCore
import GridStore

/// Translations between the wire protocol's types (GridCore) and the store's.
extension IncidentFilter {
    /// `list`'s query as the store's filter, every field of it (`--overdue` and `--near-deadline`
    /// were once dropped here, so every incident was listed), the lights judged at `now`.
    init(_ query: ListQuery, now: Timestamp) {
        self.init(
            state: query.state, tier: query.tier, unit: query.unit, category: query.category,
            overdueOnly: query.overdue, nearDeadline: query.nearDeadline, beforeID: query.beforeID, limit: query.limit,
            now: now)
        withOpenRequest = query.requests
        toVisit = query.toVisit
    }
}
