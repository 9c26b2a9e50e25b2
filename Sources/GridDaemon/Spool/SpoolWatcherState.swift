import Dispatch
import GridSystem

/// Everything the spool watcher knows between events — which names are queued, in flight,
/// announced complete, settling, unfinished, and where the back-off stands — with the decisions
/// that only need that: a plain value, so they are tested without a directory, a queue or a
/// store. `SpoolWatcher` keeps one, used only on its queue, and does the I/O and the logging.
struct SpoolWatcherState {
    var phase: SpoolWatcher.State = .starting
    /// Set by `stopTaking`: nothing more is queued, started, scanned or retried.
    var stopping = false
    /// Names queued or in flight: an event and a scan that both see a file queue it once.
    private(set) var known: Set<String> = []
    /// The queue of names to start, first at `pendingHead`.
    private var pending: [String] = []
    private var pendingHead = 0
    /// Names renamed into new/ (IN_MOVED_TO) since they were last started: complete, taken at
    /// once. Any other name is taken once its last change is `settleMilliseconds` old.
    private var announced: Set<String> = []
    /// Names with an inotify event since they were last started: one in flight is looked at again.
    private var eventSeen: Set<String> = []
    /// Names too young to take, or unfinished, with the time (realtime ms) they are looked at again.
    private(set) var settling: [String: Int64] = [:]
    /// Names whose last line was unfinished, as they were then (not read again while unchanged).
    private var incomplete: [String: FileStatus] = [:]
    private(set) var inFlight = 0
    /// A settle check is queued (`SpoolWatcher.scheduleSettleCheck`).
    var settleCheckScheduled = false
    var backoff = SpoolBackoff()
    /// When the watcher paused (monotonic ms), for the `spool_resumed` line.
    var pausedAtMonotonic: Int64 = 0
    /// Signalled once nothing is in flight (`waitUntilIdle`).
    var idleWaiter: DispatchSemaphore?

    /// Whether files are being taken (running, not stopping).
    var isTaking: Bool { phase == .running && !stopping }

    /// Names queued and not started.
    var queuedCount: Int { pending.count - pendingHead }

    /// Whether a scan should queue `name`: not already queued, in flight or settling.
    func isNew(_ name: String) -> Bool { known.contains(name) == false && settling[name] == nil }

    /// Queues `name` unless it is hidden (a leading dot) or already queued or in flight.
    @discardableResult
    mutating func enqueue(_ name: String) -> Bool {
        guard !name.hasPrefix("."), known.insert(name).inserted else { return false }
        pending.append(name)
        return true
    }

    /// An inotify event for `name`: it is looked at now (again, if in flight), complete at once
    /// when it was renamed in.
    mutating func noteEvent(_ name: String, movedIn: Bool) {
        if movedIn { announced.insert(name) }
        eventSeen.insert(name)
        settling.removeValue(forKey: name)
        enqueue(name)
    }

    /// Queues every settling name due by `now` (the worker looks at its mtime again).
    mutating func queueSettled(now: Int64) {
        for (name, ready) in settling where ready <= now {
            settling.removeValue(forKey: name)
            enqueue(name)
        }
    }

    /// What starting a file needs to know.
    struct Start: Equatable {
        var name: String
        /// Renamed into new/: complete by the spool's rules.
        var complete: Bool
        /// How it was when last found unfinished.
        var knownIncomplete: FileStatus?
    }

    /// The next queued name to start, while fewer than `maxInFlight` are in flight and (but for
    /// the first) `reportsHaveRoom`; counts it in flight.
    mutating func startNext(maxInFlight: Int, reportsHaveRoom: @autoclosure () -> Bool) -> Start? {
        guard isTaking, inFlight < maxInFlight, pendingHead < pending.count, inFlight == 0 || reportsHaveRoom() else {
            compactQueue()
            return nil
        }
        let name = pending[pendingHead]
        pendingHead += 1
        return start(name)
    }

    /// Counts `name` in flight (also for the probe, which is not queued) and says how to read it.
    mutating func start(_ name: String) -> Start {
        known.insert(name)
        inFlight += 1
        let complete = announced.remove(name) != nil
        eventSeen.remove(name)
        return Start(name: name, complete: complete, knownIncomplete: incomplete[name])
    }

    private mutating func compactQueue() {
        if pendingHead == pending.count {
            pending.removeAll(keepingCapacity: pending.count < 65536)
            pendingHead = 0
        } else if pendingHead > 4096, pendingHead * 2 > pending.count {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
    }

    /// A file is done with: no longer in flight. Returns whether an event came for it meanwhile
    /// (renamed over, written, closed): what is at the name now is then looked at again at once.
    mutating func finish(_ name: String) -> Bool {
        inFlight -= 1
        known.remove(name)
        return eventSeen.remove(name) != nil
    }

    /// Records that `name`'s last line was unfinished, as `status`; whether that is news (not
    /// the same unfinished file as last time), worth a log line.
    mutating func noteIncomplete(_ name: String, _ status: FileStatus) -> Bool {
        incomplete.updateValue(status, forKey: name).map { !$0.isUnchanged(comparedTo: status) } ?? true
    }

    /// After a file's outcome: forgets it was unfinished unless it waits (`waitUntil`), then
    /// queues it again at once when an event came, or lets it settle until `waitUntil`. Returns
    /// whether a settle check is needed.
    mutating func lookAgain(_ name: String, eventCame: Bool, waitUntil: Int64?) -> Bool {
        if waitUntil == nil { incomplete.removeValue(forKey: name) }
        guard isTaking else { return false }
        if eventCame {
            enqueue(name)
        } else if let waitUntil {
            settling[name] = waitUntil
            return true
        }
        return false
    }

    /// Forgets a file that is not unfinished any more (it changed since).
    mutating func forgetIncomplete(_ name: String) { incomplete.removeValue(forKey: name) }

    /// Drops every queued name and every settling one (stop, pause): they are found again by the
    /// next scan. On a pause (`forgetEvents`) what events said of them goes too.
    mutating func dropQueued(forgetEvents: Bool) {
        for index in pendingHead..<pending.count {
            known.remove(pending[index])
            if forgetEvents {
                announced.remove(pending[index])
                eventSeen.remove(pending[index])
            }
        }
        pending = []
        pendingHead = 0
        settling = [:]
        incomplete = [:]
    }
}

/// The back-off of a paused spool: a probe after a delay that starts at 100 ms and doubles up to
/// 30 s, reset once the store commits again. Retries are numbered (`generation`) so that one
/// scheduled before a resume or a stop does nothing when it fires.
struct SpoolBackoff: Equatable {
    static let initialMilliseconds: Int64 = 100
    static let maxMilliseconds: Int64 = 30_000

    private(set) var delayMilliseconds = SpoolBackoff.initialMilliseconds
    /// The number of the retry scheduled last; a retry that fires with another number is stale.
    private(set) var generation = 0
    /// The generation whose probe file is in flight while paused (-1: none).
    private var probeGeneration = -1

    /// Whether the file in flight is the current probe.
    var isProbing: Bool { generation == probeGeneration }

    /// Schedules the next retry: its generation and delay (the delay after it doubles).
    mutating func nextRetry() -> (generation: Int, delay: Int64) {
        generation += 1
        let delay = delayMilliseconds
        delayMilliseconds = min(delayMilliseconds * 2, Self.maxMilliseconds)
        return (generation, delay)
    }

    /// Files from before the pause still finish: the next look comes sooner.
    mutating func shorten() { delayMilliseconds = max(Self.initialMilliseconds, delayMilliseconds / 2) }

    /// The store committed: the next pause starts from the beginning.
    mutating func reset() { delayMilliseconds = Self.initialMilliseconds }

    /// The current retry's probe file is started.
    mutating func startProbe() { probeGeneration = generation }

    /// Makes every scheduled retry stale (a stop); on a resume the probe is over too.
    mutating func cancelRetries(endingProbe: Bool = false) {
        generation += 1
        if endingProbe { probeGeneration = -1 }
    }
}
