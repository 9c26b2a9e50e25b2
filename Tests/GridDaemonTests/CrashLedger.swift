import GridFixtures
import Synchronization

/// What the crash suite's clients did and were told: the database is held to it after every kill.
///
/// A socket submit the daemon answered is acknowledged (it must be stored, under the id it was
/// given); one sent without an answer (the daemon died first) may or may not be. A spool file's
/// report keys are known from its name and lines. A worker action gridctl reported done must be in
/// the events exactly once; one refused must not be there; one cut off by the kill at most once.
final class CrashLedger: Sendable {
    enum ActionOutcome: Sendable { case applied, refused, unknown }

    struct Action: Sendable {
        var token: String
        var incidentID: Int64
        /// The event kind it records: registered, rejected, acknowledged, resolved, closed.
        var kind: String
        var outcome: ActionOutcome
    }

    struct State: Sendable {
        /// key → the id the daemon acknowledged it with.
        var acknowledged: [String: Int64] = [:]
        /// Sent without an answer, and not acknowledged since.
        var unanswered: Set<String> = []
        /// Every key ever sent over the socket, in order (for resubmits).
        var sent: [String] = []
        var sentSet: Set<String> = []
        /// Spool file name → the keys of its reports.
        var spoolFiles: [String: [String]] = [:]
        var actions: [Action] = []
        /// What the action client believes each incident's state is.
        var believedState: [Int64: String] = [:]
        /// Incidents from the resident channel: owed a 回访 once closed.
        var visitable: Set<Int64> = []
        /// Things a client saw that are wrong in themselves (an acknowledged key with two ids …).
        var problems: [String] = []
    }

    let state = Mutex(State())

    func sending(_ key: String) {
        state.withLock {
            if $0.sentSet.insert(key).inserted { $0.sent.append(key) }
            if $0.acknowledged[key] == nil { $0.unanswered.insert(key) }
        }
    }

    /// - Parameter waits: it came from a channel that waits for 立案 (`reported`).
    func acknowledged(_ key: String, id: Int64, created: Bool, waits: Bool = false) {
        state.withLock {
            $0.unanswered.remove(key)
            if let earlier = $0.acknowledged[key], earlier != id {
                $0.problems.append("key \(key) acknowledged as incident \(earlier), then as \(id)")
            }
            if created, $0.acknowledged[key] != nil {
                $0.problems.append("key \(key) acknowledged twice as created")
            }
            $0.acknowledged[key] = id
            if $0.believedState[id] == nil { $0.believedState[id] = waits ? "reported" : "dispatched" }
            if waits { $0.visitable.insert(id) }
        }
    }

    func problem(_ text: String) { state.withLock { $0.problems.append(text) } }

    func dropped(_ name: String, keys: [String]) { state.withLock { $0.spoolFiles[name] = keys } }

    func recorded(_ action: Action, believed: String?) {
        state.withLock {
            $0.actions.append(action)
            if let believed { $0.believedState[action.incidentID] = believed }
        }
    }

    /// A key sent before, for a resubmit (acknowledged or not).
    func earlierKey(using random: inout SplitMix64) -> String? {
        state.withLock { $0.sent.isEmpty ? nil : $0.sent[Int(random.next() % UInt64($0.sent.count))] }
    }

    /// An acknowledged incident still to act on (not closed, unless owed a 回访), with what the
    /// action client believes of it.
    func openIncident(using random: inout SplitMix64) -> (id: Int64, state: String)? {
        state.withLock { state in
            let open = state.believedState.filter {
                !["closed", "rejected", "suspended", "visited"].contains($0.value) || ($0.value == "closed" && state.visitable.contains($0.key))
            }
            guard !open.isEmpty else { return nil }
            let ids = open.keys.sorted()
            let id = ids[Int(random.next() % UInt64(ids.count))]
            return (id, open[id]!)
        }
    }

    var snapshot: State { state.withLock { $0 } }
}
