import Dispatch
import GridCore
import GridStore

/// Fires incidents' deadlines: a min-heap of pending timers (rebuilt from SQLite at start-up)
/// and one DispatchSourceTimer armed at the earliest. A due timer becomes a store transition
/// that re-reads the incident inside the write transaction, checks the version the timer was set
/// at, and commits the escalation with its events — so a stale timer does nothing and a
/// committed one is never applied twice, across restarts too. Missed deadlines after downtime are
/// applied in order, each from when it fell due, with the event recording how late it ran.
///
/// Heap and timer are confined to `queue`.
public final class DeadlineScheduler: @unchecked Sendable {
    /// What the scheduler needs from the rest of the daemon.
    public struct Hooks: Sendable {
        /// The lifecycle of the current configuration.
        public var lifecycle: @Sendable () -> Lifecycle
        /// Called after a timer's transition committed (log lines, notifications).
        public var committed: @Sendable (Incident, [IncidentEvent]) -> Void
        /// Called when a transition failed in the store.
        public var failed: @Sendable (DeadlineHeap.Entry, StoreError) -> Void

        public init(
            lifecycle: @escaping @Sendable () -> Lifecycle, committed: @escaping @Sendable (Incident, [IncidentEvent]) -> Void,
            failed: @escaping @Sendable (DeadlineHeap.Entry, StoreError) -> Void
        ) {
            self.lifecycle = lifecycle
            self.committed = committed
            self.failed = failed
        }
    }

    /// Most timer transitions waiting for the writer at once: a burst goes through in slices,
    /// so that intake keeps its place in the writer's queue.
    public static let maxInFlight = 8192

    private let queue = DispatchQueue(label: "gridd.scheduler")
    private let store: IncidentStore
    private let clock: DrillClock
    private let hooks: Hooks
    private var heap = DeadlineHeap()
    private var timer: (any DispatchSourceTimer)?
    private var inFlight = 0
    private var stopped = false
    private(set) var firedTotal = 0
    private(set) var staleTotal = 0

    public init(store: IncidentStore, clock: DrillClock, hooks: Hooks) {
        self.store = store
        self.clock = clock
        self.hooks = hooks
    }

    /// Loads every pending timer from the store and starts firing.
    public func start() throws(StoreError) {
        let pending = try store.pendingTimers()
        let entries = pending.map {
            DeadlineHeap.Entry(at: $0.at, incidentID: $0.incidentID, version: $0.version, kind: $0.kind)
        }
        queue.sync {
            heap = DeadlineHeap(entries)
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.setEventHandler { [self] in fireDue() }
            timer = source
            source.activate()
            arm()
        }
    }

    /// Schedules the incident's next timer (after it was created or changed).
    public func schedule(_ incident: Incident) {
        guard let next = incident.timers.nextTimer else { return }
        let entry = DeadlineHeap.Entry(at: next.at, incidentID: incident.id, version: incident.version, kind: next.kind)
        queue.async { [self] in
            guard !stopped else { return }
            let wasFirst = heap.first.map { DeadlineHeap.Entry.precedes(entry, $0) } ?? true
            heap.insert(entry)
            if wasFirst { arm() }
        }
    }

    /// Counts for `status`.
    public func snapshot() -> (pending: Int, next: Timestamp?, inFlight: Int, fired: Int, stale: Int) {
        queue.sync { (heap.count, heap.first?.at, inFlight, firedTotal, staleTotal) }
    }

    /// Stops firing (shutdown). Transitions already handed to the store still commit.
    public func stop() {
        queue.sync {
            stopped = true
            timer?.cancel()
            timer = nil
        }
    }

    private func arm() {
        guard let timer, !stopped else { return }
        guard let first = heap.first else {
            timer.schedule(deadline: .distantFuture)
            return
        }
        // Wake at the earliest deadline, and at least once a minute in case the wall clock moved.
        let delay = clock.realDelayMicroseconds(until: first.at, limit: 60_000_000)
        timer.schedule(deadline: .now() + .microseconds(delay), leeway: .milliseconds(1))
    }

    private func fireDue() {
        guard !stopped else { return }
        let now = clock.now()
        let room = Self.maxInFlight - inFlight
        let due = room > 0 ? heap.popDue(through: now, limit: room) : []
        for entry in due { fire(entry) }
        arm()
    }

    private func fire(_ entry: DeadlineHeap.Entry) {
        inFlight += 1
        let lifecycle = hooks.lifecycle()
        let clock = self.clock
        store.transition(incidentID: entry.incidentID, expectedVersion: entry.version) { incident throws(GridError) in
            guard let step = lifecycle.fire(entry.timer, on: incident, now: clock.now()) else { return nil }
            return IncidentTransition(incident: step.incident, events: step.events)
        } completion: { [self] result in
            var next: DeadlineHeap.Entry?
            var applied = false
            switch result {
            case .success(.applied(let incident, let events)):
                hooks.committed(incident, events)
                applied = true
                if let timer = incident.timers.nextTimer {
                    next = DeadlineHeap.Entry(at: timer.at, incidentID: incident.id, version: incident.version, kind: timer.kind)
                }
            case .success(.stale), .success(.unchanged):
                break
            case .failure(let error):
                hooks.failed(entry, error)
                // Try again later: the deadline stays owed.
                queue.asyncAfter(deadline: .now() + .seconds(1)) { [self] in
                    guard !stopped else { return }
                    heap.insert(entry)
                    arm()
                }
            }
            let failed = !applied && { if case .failure = result { return true } else { return false } }()
            queue.async { [self, applied, next] in
                if applied { firedTotal += 1 } else if !failed { staleTotal += 1 }
                inFlight -= 1
                if let next, !stopped {
                    heap.insert(next)
                }
                // Keep the writer fed: refill as soon as a chunk of room opens.
                if Self.maxInFlight - inFlight >= 1024 { fireDue() }
            }
        }
    }
}

extension DeadlineScheduler {
    /// Runs `body` on the scheduler's own queue, behind whatever the scheduler is doing: the
    /// systemd watchdog pings from here, so that a stuck dispatcher stops the pings.
    public func onQueue(_ body: @Sendable @escaping () -> Void) {
        queue.async(execute: body)
    }
}
