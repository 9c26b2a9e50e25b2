import GridCore
import GridStore

/// Everything that follows a COMMIT, written once: the dispatch log's line for each new event,
/// and the incident's next deadline handed to the scheduler.
///
/// It exists because every path that changes an incident — intake (`IntakeService`), worker
/// actions and timers (`TransitionRunner`) — must do the same after its transaction committed,
/// and only then: a line in the log for an event that was rolled back, or a deadline armed for a
/// version that never existed, would be a lie. Notifications need nothing here: their outbox rows
/// commit with the events (`NotificationOutbox`). Called off the writer, on whatever queue the
/// commit was delivered to; it logs (`DispatchLog` is thread-safe) and hops once to the scheduler.
public final class CommitSink: Sendable {
    /// One incident as committed, with the events that committed with it.
    struct Change: Sendable {
        var incident: Incident
        var events: [IncidentEvent]
    }

    private let log: DispatchLog
    private let scheduler: DeadlineScheduler

    public init(log: DispatchLog, scheduler: DeadlineScheduler) {
        self.log = log
        self.scheduler = scheduler
    }

    /// Changes that committed: logged in order, then their incidents' next deadlines scheduled
    /// (one hop to the scheduler for all of them).
    func committed(_ changes: [Change]) {
        log.log(changes.flatMap { change in change.events.map { LogLine.event($0, incident: change.incident, time: log.time) } })
        scheduler.schedule(changes.compactMap { DeadlineHeap.Entry(nextTimerOf: $0.incident) })
    }

    /// A timer's transition could not be written: the deadline stays owed (the scheduler
    /// retries it), and the log says why.
    func timerFailed(_ timer: ScheduledTimer, _ error: StoreError) {
        log.log(.error, "timer_failed", [
            ("id", String(timer.incidentID)), ("kind", timer.kind.rawValue), ("due", log.time(timer.at)),
            ("error", error.description),
        ])
    }
}
