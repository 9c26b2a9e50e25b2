import Dispatch
import GridCore
import GridStore
import GridSystem

/// Delivers the outbox: takes due notifications, runs `[Notify] Exec=` for each (at most
/// `Concurrency=` at once, each within `Timeout=`), and records the outcome — delivered, or a
/// failed attempt with its error and the next try after a doubling backoff, or given up after
/// `MaxAttempts=`.
///
/// It exists to give notifications at-least-once delivery across restarts without ever
/// holding up intake or the deadlines: the outbox rows are the queue (written with their events),
/// a notification is marked delivered only after its program exited 0, and whatever was pending
/// or running when gridd stopped or crashed is run again at the next start. It wakes when a
/// commit wrote outbox rows (`NotificationOutbox.onRowsCommitted`), when a retry falls due, and
/// every `pollMilliseconds` as a backstop.
///
/// All state is on `queue`; programs run on `runQueue` threads (one blocked thread per running
/// program, so at most `Concurrency=`).
final class NotificationDispatcher: @unchecked Sendable {
    // @unchecked: every var below is touched only on `queue` — the public methods hop onto it, and
    // every entry point there (`pump`, a run's start and end, a recorded outcome) checks it with
    // dispatchPrecondition.

    /// The backstop poll, and how long a notification whose outcome could not be recorded waits.
    static let pollMilliseconds: Int64 = 5000
    /// Between SIGTERM and SIGKILL, at a timeout and at shutdown.
    static let killGraceMilliseconds: Int64 = 2000
    /// Variables of gridd's environment a notifier does not inherit (they describe gridd's own
    /// relation to systemd, and its stderr is a pipe to gridd, not the journal).
    static let withheldVariables: Set<String> = [
        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "JOURNAL_STREAM",
    ]

    let queue = DispatchQueue(label: "gridd.notify")
    let runQueue = DispatchQueue(label: "gridd.notify.run", attributes: .concurrent)
    let outbox: NotificationOutbox
    let log: DispatchLog
    let city: CityModelBox
    let clock = SystemClock()
    let environment: [String]
    /// Runs and result writes in progress, for a bounded wait at shutdown.
    let busy = DispatchGroup()

    var settings: NotifySettings?
    /// The kinds the outbox trigger was last set to.
    var triggerKinds: [IncidentEvent.Kind]?
    /// Running programs, by notification.
    var running: [Int64: ProgramRun] = [:]
    /// Finished runs whose outcome is being written: not taken again meanwhile.
    var recording: Set<Int64> = []
    /// Notifications whose outcome could not be written, left alone until then (real ms).
    var heldUntil: [Int64: Int64] = [:]
    var timer: (any DispatchSourceTimer)?
    var stopped = false
    var counters = NotificationCounters()

    init(outbox: NotificationOutbox, log: DispatchLog, city: CityModelBox, triggerKinds: [IncidentEvent.Kind]? = nil) {
        self.outbox = outbox
        self.log = log
        self.city = city
        self.triggerKinds = triggerKinds
        self.environment = Files.environmentEntries(removing: Self.withheldVariables)
    }

    /// Opens the outbox of `store`, sets its trigger for `settings` (waiting for it: no event
    /// may be written before), and makes a dispatcher that wakes on its commits. Delivery starts
    /// with `apply(_:)`.
    static func open(
        store: IncidentStore, settings: NotifySettings?, log: DispatchLog, city: CityModelBox
    ) throws(StoreError) -> (NotificationOutbox, NotificationDispatcher) {
        let outbox = try NotificationOutbox(store: store)
        let kinds = settings?.events ?? []
        if let error = outbox.notifyAndWait(kinds: kinds) {
            outbox.close()
            throw error
        }
        let dispatcher = NotificationDispatcher(outbox: outbox, log: log, city: city, triggerKinds: kinds)
        outbox.onRowsCommitted { [weak dispatcher] in dispatcher?.wake() }
        return (outbox, dispatcher)
    }

    /// Applies `[Notify]` (nil: off) — at start-up and on every reload — and starts taking due
    /// notifications. Changing `Events=` re-creates the outbox trigger, queued on the writer.
    func apply(_ settings: NotifySettings?) {
        queue.async { [self] in
            guard !stopped else { return }
            let kinds = settings?.events ?? []
            if triggerKinds != kinds {
                triggerKinds = kinds
                outbox.notify(kinds: kinds) { [log] result in
                    if case .failure(let error) = result {
                        log.log(.error, "notify_trigger_failed", [("events", kinds.map(\.rawValue).joined(separator: ",")), ("error", error.description)])
                    }
                }
            }
            let changed = self.settings != settings
            self.settings = settings
            if changed {
                if let settings {
                    log.log(.info, "notify_configured", [
                        ("exec", settings.commandLine), ("events", settings.events.map(\.rawValue).joined(separator: ",")),
                        ("concurrency", String(settings.concurrency)),
                        ("timeout", DurationSyntax.format(milliseconds: settings.timeoutMilliseconds)),
                        ("max_attempts", settings.maxAttempts.map(String.init) ?? "infinity"),
                    ])
                } else {
                    log.log(.info, "notify_disabled", [])
                }
            }
            pump()
        }
    }

    /// After a commit that wrote outbox rows: look for due ones now. (At most one wake per
    /// writer transaction, so no coalescing is needed.)
    func wake() {
        queue.async { [self] in pump() }
    }

    /// On `queue`: starts runs for due notifications while slots are free, then arms the timer
    /// for the next retry (or the backstop poll).
    func pump() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopped else { return }
        guard let settings else {
            timer?.cancel()
            timer = nil
            return
        }
        let now = clock.now()
        heldUntil = heldUntil.filter { $0.value > now.milliseconds }
        let slots = settings.concurrency - running.count
        var next: Int64 = now.milliseconds + Self.pollMilliseconds
        if slots > 0 {
            let taken = running.count + recording.count + heldUntil.count
            do throws(StoreError) {
                let due = try outbox.due(now: now, limit: slots + taken)
                for entry in due.filter(isFree).prefix(slots) { start(entry, settings: settings) }
                if let later = try outbox.nextDue(after: now) { next = min(next, later.milliseconds) }
            } catch {
                log.log(.error, "notify_read_failed", [("error", error.description)])
            }
        }
        if let soonest = heldUntil.values.min() { next = min(next, soonest) }
        arm(at: next, now: now.milliseconds)
    }

    private func isFree(_ entry: OutboxEntry) -> Bool {
        running[entry.seq] == nil && !recording.contains(entry.seq) && heldUntil[entry.seq] == nil
    }

    private func arm(at time: Int64, now: Int64) {
        let timer = self.timer ?? {
            let made = DispatchSource.makeTimerSource(queue: queue)
            made.setEventHandler { [weak self] in self?.pump() }
            made.activate()
            self.timer = made
            return made
        }()
        timer.schedule(deadline: .now() + .milliseconds(Int(max(1, time - now))), leeway: .milliseconds(10))
    }

    /// Stops taking notifications and stops the running programs (SIGTERM to each process group,
    /// SIGKILL after the grace); what they were delivering is delivered again at the next start.
    func stop() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            stopped = true
            timer?.cancel()
            timer = nil
            for run in running.values { run.cancel() }
        }
    }

    /// Waits, until `deadline` at most, until the stopped runs have ended and their outcomes are
    /// queued on the writer; call before closing the store.
    func waitUntilIdle(deadline: DispatchTime) -> Bool {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return busy.wait(timeout: deadline) == .success
    }
}

/// What the dispatcher has done since gridd started (the outbox itself holds the rest).
struct NotificationCounters: Sendable {
    var delivered = 0
    var failedAttempts = 0
    var gaveUp = 0
    var lastError: (seq: Int64, at: Timestamp, message: String)?
}
