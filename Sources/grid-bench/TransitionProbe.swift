import Dispatch
import GridCore
import GridStore
import GridTesting

/// Timer transitions straight through the store, no daemon: what the writer alone sustains.
/// The rows are read and the transitions prepared before the clock starts; then each is written
/// as its own operation, `batch` of them per group commit.
enum TransitionProbe {
    static func rate(count: Int, batch: Int = 512) -> Double {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let due = Timestamp(milliseconds: 1_800_000_000_000)
        _ = try! StoreSeeder.pendingIncidents(
            path: directory + "/gridd.sqlite", count: count, dueFrom: due, spreadMilliseconds: 999,
            policyJSON: DeadlineBench.policy.json.serialized())
        let store = try! IncidentStore(path: directory + "/gridd.sqlite", options: StoreOptions(groupCommitMax: batch))
        let lifecycle = Lifecycle(calendar: try! WorkingCalendar())
        let prepared = try! store.pendingTimers().compactMap { timer -> PreparedTransition? in
            guard let incident = try store.incident(id: timer.incidentID),
                let step = lifecycle.fire(PendingTimer(kind: timer.kind, at: timer.at), on: incident, now: timer.at)
            else { return nil }
            return try PreparedTransition(from: incident, to: IncidentTransition(incident: step.incident, events: step.events))
        }
        let group = DispatchGroup()
        let start = monotonicSeconds()
        for transition in prepared {
            group.enter()
            store.apply([transition]) { _ in group.leave() }
        }
        group.wait()
        let elapsed = monotonicSeconds() - start
        store.close()
        return Double(prepared.count) / elapsed
    }
}
