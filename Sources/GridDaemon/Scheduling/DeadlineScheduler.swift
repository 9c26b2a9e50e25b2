import Dispatch
import GridCore
import GridStore

/// Fires incidents' deadlines: a min-heap of pending timers (rebuilt from SQLite at start-up)
/// and one DispatchSourceTimer armed at the earliest. Due timers go in slices to the
/// `TransitionRunner`, which reads each incident, checks the version the timer was set at, and
/// commits the escalation with its events as a compare-and-set on that version — so a stale timer
/// does nothing and a committed one is never applied twice, across restarts too. Missed deadlines
/// after downtime are applied in order, each from when it fell due, with the event recording how
/// late it ran. The next deadline of a changed incident comes back through `schedule` (from the
/// `CommitSink`, after COMMIT).
///
/// Heap, timer and counters are confined to `queue` (checked at each entry point).
public final class DeadlineScheduler: @unchecked Sendable {
    /// Most timer transitions waiting for the writer at once: a burst goes through in slices,
    /// so that intake keeps its place in the writer's queue (behind at most this many). Larger
    /// transactions share dirtied pages: 32,768 cost the writer a quarter less per escalation
    /// than 8,192 in a burst of 100,000 (docs/BENCHMARKS.md).
    public static let maxInFlight = 32768
    /// Timers handed to the runner as one slice: one read, one write operation, one hop back here.
    public static let sliceSize = 256

    private let queue = DispatchQueue(label: "gridd.scheduler")
    /// Entries handed to `schedule` on their way to the heap: intake calls `schedule` once per
    /// committed report, and a hop per report cost more than the heap insert it carries.
    private let arriving: CoalescedHop<DeadlineHeap.Entry>
    private let store: IncidentStore
    private let clock: DrillClock
    /// What fires the due timers; set by `start`.
    private var runner: TransitionRunner?
    private var heap = DeadlineHeap()
    private var timer: (any DispatchSourceTimer)?
    /// The deadline the timer is armed for: re-arming costs a system call and a wake-up of
    /// Dispatch's timer thread, so it happens only when the earliest deadline changes.
    private var armedFor: Timestamp?
    private var inFlight = 0
    /// Due timers wait for slices in flight to finish (each finishing slice fires more), not for
    /// the timer: arming it meanwhile would only wake Dispatch's timer thread for nothing.
    private var waitingForRoom = false
    private var stopped = false
    /// Store failures in a row: a failing slice is retried after 1 s, 2 s, 4 s … up to a minute.
    private var consecutiveFailures = 0
    private(set) var firedTotal = 0
    private(set) var staleTotal = 0
    private(set) var failedTotal = 0

    public init(store: IncidentStore, clock: DrillClock) {
        self.store = store
        self.clock = clock
        arriving = CoalescedHop(to: queue)
    }

    /// Loads every pending timer from the store and starts firing them through `runner`.
    public func start(firingThrough runner: TransitionRunner) throws(StoreError) {
        dispatchPrecondition(condition: .notOnQueue(queue))
        let pending = try store.pendingTimers()
        let entries = pending.map {
            DeadlineHeap.Entry(at: $0.at, incidentID: $0.incidentID, version: $0.version, kind: $0.kind)
        }
        queue.sync {
            self.runner = runner
            heap = DeadlineHeap(entries)
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.setEventHandler { [self] in
                armedFor = nil
                fireDue()
            }
            timer = source
            source.activate()
            arm()
        }
    }

    /// Schedules next timers of incidents that were created or changed (`DeadlineHeap.Entry(nextTimerOf:)`).
    /// Calls that come while a hop is pending join it (`CoalescedHop`): the entries reach the
    /// heap soon after, not necessarily before a `snapshot` taken right away on another path.
    public func schedule(_ entries: [DeadlineHeap.Entry]) {
        guard !entries.isEmpty else { return }
        arriving.send(entries) { [self] entries in
            guard !stopped else { return }
            for entry in entries { heap.insert(entry) }
            arm()
        }
    }

    /// What `status` shows under `deadlines`.
    public struct Snapshot: Sendable, Equatable {
        /// Timers in the heap (stale ones included until they come due), and the earliest.
        public var pending: Int
        public var next: Timestamp?
        /// Timers handed to the runner and not back yet.
        public var inFlight: Int
        /// Since the start: timers applied, found stale, failed (and retried).
        public var fired: Int
        public var stale: Int
        public var failed: Int
    }

    public func snapshot() -> Snapshot {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return queue.sync {
            Snapshot(
                pending: heap.count, next: heap.first?.at, inFlight: inFlight, fired: firedTotal, stale: staleTotal,
                failed: failedTotal)
        }
    }

    /// Stops firing (shutdown). Transitions already handed to the runner still commit.
    public func stop() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            stopped = true
            timer?.cancel()
            timer = nil
        }
    }

    /// Arms the timer at the earliest deadline, unless it is armed there already.
    private func arm() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let timer, !stopped, !waitingForRoom else { return }
        guard let first = heap.first else {
            if armedFor != nil { timer.schedule(deadline: .distantFuture) }
            armedFor = nil
            return
        }
        if let armedFor, armedFor.milliseconds <= first.at.milliseconds { return }
        // Wake at the earliest deadline, and at least once a minute in case the wall clock moved.
        let delay = clock.realDelayMicroseconds(until: first.at, limit: 60_000_000)
        timer.schedule(deadline: .now() + .microseconds(delay), leeway: .milliseconds(1))
        armedFor = first.at
    }

    private func fireDue() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopped, let runner else { return }
        waitingForRoom = false
        let now = clock.now()
        while inFlight < Self.maxInFlight {
            let slice = heap.popDue(through: now, limit: min(Self.sliceSize, Self.maxInFlight - inFlight))
            if slice.isEmpty { break }
            fire(slice, through: runner)
        }
        if heap.first.map({ $0.at.milliseconds <= now.milliseconds }) == true {
            // Due but no room: the completions of the slices in flight call back here.
            waitingForRoom = true
            return
        }
        arm()
    }

    private func fire(_ slice: [DeadlineHeap.Entry], through runner: TransitionRunner) {
        dispatchPrecondition(condition: .onQueue(queue))
        inFlight += slice.count
        let timers = slice.map { ScheduledTimer(incidentID: $0.incidentID, version: $0.version, kind: $0.kind, at: $0.at) }
        runner.fire(timers) { [self] results in
            // Off the scheduler's queue (the sink has logged and rescheduled what committed):
            // one hop back to count the slice and put failed timers back.
            var retry: [DeadlineHeap.Entry] = []
            var applied = 0
            for (entry, result) in zip(slice, results) {
                switch result {
                case .success(.applied): applied += 1
                case .success(.stale), .success(.unchanged): break
                case .failure: retry.append(entry)  // the deadline stays owed
                }
            }
            queue.async { [self, retry, applied] in
                firedTotal += applied
                staleTotal += slice.count - applied - retry.count
                failedTotal += retry.count
                inFlight -= slice.count
                guard !stopped else { return }
                if retry.isEmpty {
                    consecutiveFailures = 0
                } else {
                    retryLater(retry)
                }
                fireDue()
            }
        }
    }

    /// Puts failed timers back after a back-off that doubles with each failure in a row.
    private func retryLater(_ entries: [DeadlineHeap.Entry]) {
        dispatchPrecondition(condition: .onQueue(queue))
        let seconds = min(1 << min(consecutiveFailures, 6), 60)
        consecutiveFailures += 1
        queue.asyncAfter(deadline: .now() + .seconds(seconds)) { [self] in
            guard !stopped else { return }
            for entry in entries { heap.insert(entry) }
            fireDue()
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
