import GridCore
import GridStore

// The parts of `gridctl status` (docs/METRICS.md), one encoder per component snapshot, so that
// what status shows is written in one place. `time` prints an instant for people (the working
// calendar's offset, `DaemonStatus.json`).

extension DeadlineScheduler.Snapshot {
    /// `deadlines`.
    func json(_ time: (Timestamp) -> String) -> JSONValue {
        [
            "pending": .int(Int64(pending)), "next": .from(next.map(time)), "in_flight": .int(Int64(inFlight)),
            "fired": .int(Int64(fired)), "stale": .int(Int64(stale)), "failed": .int(Int64(failed)),
        ]
    }
}

extension SpoolWatcher.Status {
    /// `spool`.
    func json(_ time: (Timestamp) -> String) -> JSONValue {
        var object: JSONObject = [
            "state": .string(counts.state.rawValue),
            "directory": .string(directory),
            "backlog": .from(backlog.map(Int64.init)),
            "in_flight": .int(Int64(counts.inFlight)),
            "taken": .int(Int64(counts.taken)),
            "reports": .int(Int64(counts.reports)),
            "rejected": .int(Int64(counts.rejectedFiles)),
            "rejected_lines": .int(Int64(counts.rejectedLines)),
            "last_error": .from(counts.lastError),
        ]
        if let since = counts.pausedSince { object["paused_since"] = .string(time(since)) }
        if let retry = counts.retryInMilliseconds { object["retry_in_ms"] = .int(retry) }
        if counts.overflows > 0 { object["overflows"] = .int(Int64(counts.overflows)) }
        if counts.tmpRemoved > 0 { object["tmp_removed"] = .int(Int64(counts.tmpRemoved)) }
        return .object(object)
    }
}

extension NotificationDispatcher.Snapshot {
    /// `notify`: the settings in force, what the outbox holds, what this daemon did since it started.
    func json(_ time: (Timestamp) -> String) -> JSONValue {
        var object = JSONObject()
        object.appendUnchecked("enabled", .bool(settings != nil))
        object.appendUnchecked("exec", .from(settings?.commandLine))
        object.appendUnchecked("events", .array((settings?.events ?? []).map { .string($0.rawValue) }))
        object.appendUnchecked("concurrency", .from(settings.map { Int64($0.concurrency) }))
        object.appendUnchecked("in_flight", .int(Int64(inFlight)))
        switch outbox {
        case .success(let outbox):
            object.appendUnchecked("pending", .int(Int64(outbox.pending)))
            object.appendUnchecked("failing", .int(Int64(outbox.failing)))
            object.appendUnchecked("next_attempt_at", .from(outbox.nextAttemptAt.map(time)))
            object.appendUnchecked("gave_up", .int(Int64(outbox.gaveUp)))
            object.appendUnchecked("last_error", Self.errorJSON(outbox.lastError, time))
        case .failure(let error):
            object.appendUnchecked("error", .string(error.description))
        }
        object.appendUnchecked("since_start", [
            "delivered": .int(Int64(counters.delivered)), "failed_attempts": .int(Int64(counters.failedAttempts)),
            "gave_up": .int(Int64(counters.gaveUp)), "last_error": Self.errorJSON(counters.lastError, time),
        ])
        return .object(object)
    }

    private static func errorJSON(_ error: (seq: Int64, at: Timestamp, message: String)?, _ time: (Timestamp) -> String) -> JSONValue {
        guard let error else { return .null }
        return ["notification": .int(error.seq), "at": .string(time(error.at)), "error": .string(error.message)]
    }
}

extension LogBroadcaster.Snapshot {
    /// `tail`.
    var json: JSONValue {
        [
            "subscribers": .int(Int64(subscribers)), "lines_logged": .int(Int64(published)), "backlog": .int(Int64(backlog)),
            "backlog_capacity": .int(Int64(backlogCapacity)), "queue_capacity": .int(Int64(queueCapacity)),
            "missed": .int(Int64(missed)),
        ]
    }
}

extension SocketServer.Status {
    /// `connections`.
    var json: JSONValue {
        [
            "open": .int(Int64(counts.open)),
            "accepted": .int(Int64(counts.acceptedTotal)),
            "held_back": .int(Int64(counts.heldBack)),
            "peers": .int(Int64(counts.peers)),
            "busiest_peer": .int(Int64(counts.busiestPeer)),
            "no_role_open": .int(Int64(counts.roleLessOpen)),
            "refused": [
                "max_connections": .int(Int64(counts.refusedMaxConnections)),
                "per_user_limit": .int(Int64(counts.refusedPerUser)),
                "reserved": .int(Int64(counts.refusedReserved)),
                "no_role": .int(Int64(counts.refusedNoRole)),
            ],
            "accept_failures": .int(Int64(counts.acceptFailures)),
            "max": .int(Int64(maxConnections)),
            "max_per_user": .int(Int64(maxConnectionsPerUser)),
            "reserved": .int(Int64(reserved)),
            "open_file_limit": .from(openFileLimit.map { Int64(clamping: $0) }),
        ]
    }
}

extension StoreStatistics {
    /// `store`.
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
