import GridCore
import GridStore

/// Translations between the wire protocol's types (GridCore) and the store's.
extension IncidentFilter {
    init(_ query: ListQuery) {
        self.init(
            state: query.state, tier: query.tier, unit: query.unit, category: query.category, beforeID: query.beforeID,
            limit: query.limit)
    }
}
