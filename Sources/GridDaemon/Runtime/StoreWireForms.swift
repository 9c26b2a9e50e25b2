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
    }
}

extension StoreStatistics {
    /// The store part of `status`.
    var json: JSONValue {
        var byState = JSONObject()
        for state in IncidentState.allCases { byState[state.rawValue] = .int(Int64(incidentsByState[state] ?? 0)) }
        var byTier = JSONObject()
        for tier in Tier.allCases { byTier[tier.name] = .int(Int64(openIncidentsByTier[tier] ?? 0)) }
        var byTierAndState = JSONObject()
        for tier in Tier.allCases {
            var states = JSONObject()
            for state in IncidentState.allCases where state.isOpen {
                states.appendUnchecked(state.rawValue, .int(Int64(openIncidentsByTierAndState[tier]?[state] ?? 0)))
            }
            byTierAndState.appendUnchecked(tier.name, .object(states))
        }
        return [
            "incidents": .int(Int64(totalIncidents)), "open": .int(Int64(openIncidents)),
            "by_state": .object(byState), "open_by_tier": .object(byTier), "open_by_tier_and_state": .object(byTierAndState),
            "overdue": .int(Int64(overdueIncidents)), "near_deadline": .int(Int64(nearDeadlineIncidents)),
            "pending_timers": .int(Int64(pendingTimers)), "events": .int(Int64(totalEvents)),
            "database_bytes": .int(databaseBytes), "wal_bytes": .int(walBytes), "schema_version": .int(Int64(schemaVersion)),
            "committed_batches": .int(Int64(committedBatches)), "committed_writes": .int(Int64(committedWrites)),
            "failed_batches": .int(Int64(failedBatches)), "checkpoints": .int(Int64(checkpoints)),
            "checkpoint_failures": .int(Int64(checkpointFailures)), "last_checkpoint_error": .from(lastCheckpointError),
            "database_lost": .from(databaseLost),
        ]
    }
}
