import Dispatch
import GridCore
import GridStore

/// What `gridctl status` shows under `notify` (docs/METRICS.md), read by `DaemonStatus`: the
/// settings in force, what the outbox holds (pending, failing, given up, the latest error of a
/// pending notification) and what this daemon has done since it started.
extension NotificationDispatcher {
    struct Snapshot: Sendable {
        var settings: NotifySettings?
        /// Programs running now.
        var inFlight: Int
        var counters: NotificationCounters
        /// The outbox's counts (one query), or why they could not be read.
        var outbox: Result<OutboxStatistics, StoreError>
    }

    func snapshot() -> Snapshot {
        dispatchPrecondition(condition: .notOnQueue(queue))
        let (settings, inFlight, counters) = queue.sync { (self.settings, running.count, self.counters) }
        return Snapshot(
            settings: settings, inFlight: inFlight, counters: counters,
            outbox: Result { () throws(StoreError) in try outbox.statistics() })
    }
}
