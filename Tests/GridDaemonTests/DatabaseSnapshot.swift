import CSQLite
import Glibc
import GridCore
import GridStore

/// The incidents and events of a daemon's database, read from the test process on a read-only
/// connection in one read transaction (while the daemon runs, or after it was killed), so that
/// checks see one consistent state and never write the file.
struct DatabaseSnapshot {
    struct IncidentRow {
        var id: Int64
        var key: String?
        var nextTimerAt: Int64?
    }

    struct EventRow {
        var seq: Int64
        var incidentID: Int64
        var kind: String
        var at: Int64
        var tier: Int
        var due: Int64?
        var note: String?
    }

    var incidents: [IncidentRow] = []
    /// By incident, in `seq` order.
    var events: [Int64: [EventRow]] = [:]
    /// `PRAGMA integrity_check`, when asked for.
    var integrity: [String]?

    /// A daemon killed early in its first start may have left no database, or one whose schema
    /// was never committed: that reads as empty (nothing can have been acknowledged from it).
    init(path: String, integrityCheck: Bool = false) throws {
        guard access(path, F_OK) == 0 else { return }
        let connection = try Connection(path: path, flags: SQLITE_OPEN_READONLY)
        defer { connection.close() }
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        if integrityCheck { integrity = try connection.strings("PRAGMA integrity_check") }
        guard try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'incidents'") == 1 else { return }
        let incidentRows = try connection.prepare("SELECT id, key, next_timer_at FROM incidents ORDER BY id")
        while try incidentRows.step() {
            incidents.append(IncidentRow(id: incidentRows.int64(at: 0), key: incidentRows.string(at: 1), nextTimerAt: incidentRows.optionalInt64(at: 2)))
        }
        let eventRows = try connection.prepare("SELECT seq, incident_id, kind, at, tier, due, note FROM events ORDER BY seq")
        while try eventRows.step() {
            let row = EventRow(
                seq: eventRows.int64(at: 0), incidentID: eventRows.int64(at: 1), kind: eventRows.string(at: 2) ?? "",
                at: eventRows.int64(at: 3), tier: Int(eventRows.int64(at: 4)), due: eventRows.optionalInt64(at: 5),
                note: eventRows.string(at: 6))
            events[row.incidentID, default: []].append(row)
        }
    }
}

/// Holds one incident's stored events to `TimerChain`: what "no escalation missed or doubled"
/// means, precisely.
///
/// The events are cut into segments at each worker action: creation starts an ack window at the
/// creation tier, `acknowledged` a resolve window, `resolved` a verification window, `closed`
/// none. Within a segment the stored timer events (kind, tier, due) must be a prefix of the
/// model's chain for that window — a doubled escalation, warning or overdue repeats a deadline and
/// breaks the prefix; one out of order or invented does too. A segment ended by a worker action
/// may stop anywhere (the action made the rest stale). With `completeThrough: T`, the last segment
/// must also hold every event of the chain due at or before T: a deadline that passed without
/// firing is a missed one. Every timer event must run at or after its deadline (never early), and
/// an incident's deadlines strictly increase — except that an escalation shares the deadline of
/// the `overdue` (超期) right before it: one missed window, two events, one step.
enum TimerChainCheck {
    static func problems(_ events: [DatabaseSnapshot.EventRow], completeThrough horizon: Int64?) -> [String] {
        guard let first = events.first else { return ["no events"] }
        let id = first.incidentID
        guard first.kind == "dispatched" || first.kind == "reported" else {
            return ["incident \(id): first event is \(first.kind), not dispatched or reported"]
        }
        var problems: [String] = []
        var window: TimerChain.Window? = first.kind == "reported" ? .register : .ack
        var tier = first.tier
        var start = first.at
        var opener = "\(first.kind) seq \(first.seq)"
        var stored: [TimerEventKey] = []
        var lastDue = Int64.min
        var lastKind = ""

        func closeSegment(isLast: Bool) {
            guard let running = window else {
                if !stored.isEmpty { problems.append("incident \(id): timer events after it was closed: \(stored)") }
                return
            }
            let expected = TimerChain.events(after: running, tier: tier, start: start, limit: stored.count)
            if stored != expected {
                problems.append("incident \(id): timer events after \(opener) \(stored), expected a prefix of \(expected)")
            } else if isLast, let horizon {
                let due = TimerChain.events(after: running, tier: tier, start: start, through: horizon)
                if stored.count < due.count {
                    problems.append("incident \(id): missed \(Array(due[stored.count...])) (deadlines up to \(Timestamp(milliseconds: horizon)) passed)")
                }
            }
        }

        for event in events.dropFirst() {
            if TimerChain.timerKinds.contains(event.kind) {
                guard let due = event.due else {
                    problems.append("incident \(id): \(event.kind) seq \(event.seq) has no due")
                    continue
                }
                if event.at < due { problems.append("incident \(id): \(event.kind) seq \(event.seq) ran before its deadline") }
                let sharesItsMiss = event.kind == "escalated" && lastKind == "overdue" && due == lastDue
                if due <= lastDue, !sharesItsMiss {
                    problems.append("incident \(id): deadline \(Timestamp(milliseconds: due)) fired again or out of order (seq \(event.seq))")
                }
                lastDue = due
                lastKind = event.kind
                stored.append(TimerEventKey(kind: event.kind, tier: event.tier, due: due))
                continue
            }
            // A request, its denial, and an approval's own event do not touch the clocks.
            if ["requested", "denied", "approved", "supervised", "visited"].contains(event.kind) { continue }
            closeSegment(isLast: false)
            stored = []
            tier = event.tier
            start = event.at
            opener = "\(event.kind) seq \(event.seq)"
            switch event.kind {
            case "registered", "escalated_by_hand": window = .ack
            case "acknowledged": window = .resolve
            case "resolved": window = .verify
            case "closed", "rejected", "suspended": window = nil
            default: problems.append("incident \(id): unexpected \(event.kind) (seq \(event.seq))")
            }
        }
        closeSegment(isLast: true)
        return problems
    }
}
