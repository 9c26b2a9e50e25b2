import Dispatch
import GridCore
import GridStore

/// Timer transitions straight through the store, no daemon: what the writer alone sustains.
enum TransitionProbe {
    static func rate(count: Int, batch: Int = 512) -> Double {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let due = Timestamp(milliseconds: 1_800_000_000_000)
        _ = try! IncidentStore.seedPendingIncidents(
            path: directory + "/gridd.sqlite", count: count, dueFrom: due, spreadMilliseconds: 999,
            policyJSON: DeadlineBench.policy.json.serialized())
        let store = try! IncidentStore(path: directory + "/gridd.sqlite", options: StoreOptions(groupCommitMax: batch))
        let timers = try! store.pendingTimers()
        let lifecycle = Lifecycle(calendar: try! WorkingCalendar())
        let group = DispatchGroup()
        let start = monotonicSeconds()
        for timer in timers {
            group.enter()
            store.transition(incidentID: timer.incidentID, expectedVersion: timer.version) { incident throws(GridError) in
                guard let step = lifecycle.fire(PendingTimer(kind: timer.kind, at: timer.at), on: incident, now: timer.at) else { return nil }
                return IncidentTransition(incident: step.incident, events: step.events)
            } completion: { _ in group.leave() }
        }
        group.wait()
        let elapsed = monotonicSeconds() - start
        store.close()
        return Double(count) / elapsed
    }
}
