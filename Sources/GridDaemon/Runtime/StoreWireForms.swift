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

extension StoreStatistics {
    /// The store part of `status`.
    var json: JSONValue {
        var byState = JSONObject()
        for state in IncidentState.allCases { byState[state.rawValue] = .int(Int64(incidentsByState[state] ?? 0)) }
        var byTier = JSONObject()
        for tier in Tier.allCases { byTier[tier.name] = .int(Int64(openIncidentsByTier[tier] ?? 0)) }
        return [
            "incidents": .int(Int64(totalIncidents)), "open": .int(Int64(openIncidents)),
            "by_state": .object(byState), "open_by_tier": .object(byTier), "events": .int(Int64(totalEvents)),
            "database_bytes": .int(databaseBytes), "wal_bytes": .int(walBytes), "schema_version": .int(Int64(schemaVersion)),
            "committed_batches": .int(Int64(committedBatches)), "committed_writes": .int(Int64(committedWrites)),
            "failed_batches": .int(Int64(failedBatches)),
        ]
    }
}
