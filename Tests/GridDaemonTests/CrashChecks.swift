import GridCore

/// The crash suite's invariants, checked against the database after every kill and at the end.
///
/// 1. `PRAGMA integrity_check` says ok.
/// 2. Nothing acknowledged is lost: every socket key the daemon acknowledged is stored, under the
///    id it was acknowledged with.
/// 3. No spool report is lost: every file that left new/ has every report (its spool key, or its
///    own key) stored; none went to rejected/.
/// 4. Nothing is doubled or invented: every stored incident has a key, and it is one the clients
///    sent or dropped (keys are UNIQUE, so a report stored twice would need a second key).
/// 5. Every worker action gridctl reported done is in the events exactly once (found by its unique
///    note, on the right incident with the right kind); a refused one is not there at all; one cut
///    off by the kill at most once.
/// 6. No escalation doubled, out of order, early, or (with a horizon) missed: `TimerChainCheck`
///    on every incident; and with a horizon T, no incident still has a deadline at or before T
///    pending (`next_timer_at`).
enum CrashChecks {
    struct Summary {
        var incidents = 0
        var timerEvents = 0
        var actionsApplied = 0
        var actionsByKind: [String: Int] = [:]
    }

    static func problems(
        daemon: DaemonHarness, ledger: CrashLedger, horizon: Int64?, integrityCheck: Bool
    ) throws -> (problems: [String], summary: Summary) {
        // new/ is listed before the database is read: a file still listed may be mid-commit; a file
        // gone before the listing was committed before it.
        let remaining = Set(daemon.spoolNames("new"))
        let rejected = daemon.spoolNames("rejected")
        let database = try DatabaseSnapshot(path: daemon.databasePath, integrityCheck: integrityCheck)
        let record = ledger.snapshot
        var problems = record.problems
        if integrityCheck, let integrity = database.integrity, integrity != ["ok"] {
            problems.append("integrity_check: \(integrity)")
        }
        if !rejected.isEmpty { problems.append("files in rejected/: \(rejected.prefix(5))") }

        var stored: [String: Int64] = [:]
        for incident in database.incidents {
            guard let key = incident.key else {
                problems.append("incident \(incident.id) has no key")
                continue
            }
            stored[key] = incident.id
        }
        var known = record.sentSet
        for keys in record.spoolFiles.values { known.formUnion(keys) }
        for key in stored.keys where !known.contains(key) { problems.append("stored key \(key) was never sent") }
        for (key, id) in record.acknowledged where stored[key] != id {
            problems.append("acknowledged \(key) as incident \(id), stored: \(stored[key].map(String.init) ?? "nothing")")
        }
        for (name, keys) in record.spoolFiles where !remaining.contains(name) {
            for key in keys where stored[key] == nil { problems.append("spool file \(name) is gone but \(key) is not stored") }
        }

        var summary = Summary(incidents: database.incidents.count)
        var byNote: [String: [DatabaseSnapshot.EventRow]] = [:]
        for events in database.events.values {
            for event in events {
                if let note = event.note { byNote[note, default: []].append(event) }
                if TimerChain.timerKinds.contains(event.kind) { summary.timerEvents += 1 }
            }
        }
        for action in record.actions {
            let found = byNote.removeValue(forKey: action.token) ?? []
            let matching = found.filter { $0.incidentID == action.incidentID && $0.kind == action.kind }
            switch action.outcome {
            case .applied:
                summary.actionsApplied += 1
                summary.actionsByKind[action.kind, default: 0] += 1
                if found.count != 1 || matching.count != 1 {
                    problems.append("action \(action.token) (\(action.kind) \(action.incidentID)) was acknowledged; events: \(found.map(\.kind))")
                }
            case .refused:
                if !found.isEmpty { problems.append("action \(action.token) was refused but recorded: \(found.map(\.kind))") }
            case .unknown:
                if found.count > 1 || found.count != matching.count {
                    problems.append("action \(action.token) cut off by the kill, recorded as \(found.map(\.kind))")
                }
            }
        }
        for note in byNote.keys where note.hasPrefix("crash-") { problems.append("event with note \(note) that no client sent") }

        for incident in database.incidents where database.events[incident.id] == nil {
            problems.append("incident \(incident.id) has no events")
        }
        for events in database.events.values {
            problems += TimerChainCheck.problems(events, completeThrough: horizon)
        }
        if let horizon {
            for incident in database.incidents where (incident.nextTimerAt ?? .max) <= horizon {
                problems.append("incident \(incident.id): deadline \(Timestamp(milliseconds: incident.nextTimerAt!)) passed and is still pending")
            }
        }
        return (problems, summary)
    }
}
