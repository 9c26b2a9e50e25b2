import Dispatch
import GridCore
import GridStore
import GridSystem
import Synchronization

/// Takes report files from the spool with the guarantees of a mail queue.
///
/// - Watching: inotify on new/ (IN_MOVED_TO, IN_CLOSE_WRITE) read through a DispatchSourceRead;
///   the watch is registered before the start-up scan, and a name already queued or in flight is
///   not queued again, so a file that arrives during the scan is taken once. IN_Q_OVERFLOW (more
///   than `max_queued_events` arrived while nobody read) triggers a full rescan, and a periodic
///   rescan (`RescanInterval=`) catches anything else. Only IN_MOVED_TO says a file is complete
///   (renamed in from tmp/); one announced by IN_CLOSE_WRITE or found by a listing is taken once
///   it has not changed for `settleMilliseconds` and its last line is finished (see
///   `SpoolFileReader`). An event for a name in flight has it looked at again when it is done.
/// - Processing: up to `maxInFlight` files at once on a concurrent work queue, each report through
///   `IntakeService` (group commit batches them); a file is removed only after every report in it
///   is committed, or moved to rejected/ with a `.reason` when it is bad.
/// - Backpressure: when the store cannot write (`unavailable`), files stay in new/, the watcher
///   pauses and probes with exponential backoff (100 ms doubling to 30 s), and resumes by itself.
///
/// What it knows between events is one `SpoolWatcherState` (with the back-off), confined to the
/// serial queue `gridd.spool`: public methods hop onto it, and every entry point there (event and
/// timer handlers, a file's completion) checks it with `dispatchPrecondition`. Files are read and
/// submitted on the concurrent work queue (`SpoolWatcher+Processing`), which touches none of it.
/// What `gridctl status` shows is copied into a mutex-protected snapshot.
public final class SpoolWatcher: @unchecked Sendable {
    public enum State: String, Sendable {
        case starting, running, paused, stopped
    }

    /// What `gridctl status` shows under `spool`.
    public struct Snapshot: Sendable {
        public var state: State = .starting
        /// Files taken: every report committed (or its bad lines moved to rejected/), then removed.
        public var taken: Int = 0
        /// Reports committed from the spool (including ones found already stored by their key).
        public var reports: Int = 0
        /// Files moved to rejected/ whole, and single lines of JSON Lines files written there.
        public var rejectedFiles: Int = 0
        public var rejectedLines: Int = 0
        public var inFlight: Int = 0
        public var lastError: String?
        public var pausedSince: Timestamp?
        public var retryInMilliseconds: Int64?
        public var overflows: Int = 0
        public var tmpRemoved: Int = 0
    }

    /// Files found by a scan (not announced by inotify) are left alone until their last change
    /// is this old, so that a file still being written in place in new/ is not read half-written.
    static let settleMilliseconds: Int64 = 1000

    public let layout: SpoolLayout
    let settings: SpoolSettings
    let city: CityModelBox
    let intake: IntakeService
    let log: DispatchLog
    let clock: any WallClock
    let identity: SpoolIdentity
    let disposal: SpoolDisposal
    private let maxInFlight: Int
    let maxReportsInFlight: Int
    /// Reports of the files in flight (known once a file is read): bounds memory when files are
    /// large JSON Lines, while many small files keep the group-commit writer's queue full.
    let reportsInFlight = Atomic<Int>(0)
    let queue = DispatchQueue(label: "gridd.spool")
    private let workQueue = DispatchQueue(label: "gridd.spool.work", attributes: .concurrent)
    private let snapshotBox = Mutex(Snapshot())

    /// The inotify watch, its source, the rescan timer and new/ held open: set once by `start`.
    private struct Watch {
        var inotify: Inotify
        var source: any DispatchSourceRead
        var rescanTimer: any DispatchSourceTimer
        /// new/: every file of it is opened and removed relative to this.
        var newDirectory: DirectoryDescriptor
    }

    // Confined to `queue` (each entry point there checks it with dispatchPrecondition).
    private var watch: Watch?
    /// Where inotify events are read into (its bytes are touched only on `queue`).
    private let eventBuffer: UnsafeMutableRawBufferPointer
    /// What the watcher knows between events; the extension files read and write it here.
    var state = SpoolWatcherState()

    public init(
        layout: SpoolLayout, settings: SpoolSettings, city: CityModelBox, intake: IntakeService, log: DispatchLog,
        clock: any WallClock, daemonUID: UInt32, maxInFlight: Int = 2048, maxReportsInFlight: Int = 16384
    ) {
        self.layout = layout
        self.settings = settings
        self.city = city
        self.intake = intake
        self.log = log
        self.clock = clock
        self.identity = SpoolIdentity(city: city, daemonUID: daemonUID)
        self.disposal = SpoolDisposal(layout: layout, log: log, clock: clock)
        self.maxInFlight = maxInFlight
        self.maxReportsInFlight = maxReportsInFlight
        self.eventBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
    }

    deinit {
        eventBuffer.deallocate()
        watch?.newDirectory.close()
    }

    // MARK: Start and stop

    /// Creates the directories, registers the inotify watch, then scans new/ (in that order, so
    /// nothing that arrives during the scan is missed), removes stale files of tmp/ and arms the
    /// periodic rescan. Throws when the spool cannot be set up (the daemon then does not start).
    func openWatch() throws(Errno) {
        dispatchPrecondition(condition: .notOnQueue(queue))
        try layout.create()
        let new = try DirectoryDescriptor.open(layout.new)
        let inotify: Inotify
        do throws(Errno) {
            inotify = try Inotify()
            do throws(Errno) {
                _ = try inotify.addWatch(layout.new, for: [.movedIn, .closedAfterWriting, .onlyDirectory])
            } catch {
                inotify.close()
                throw error
            }
        } catch {
            new.close()
            throw error
        }
        queue.sync {
            let source = DispatchSource.makeReadSource(fileDescriptor: inotify.descriptor.rawValue, queue: queue)
            source.setEventHandler { [weak self] in self?.drainEvents() }
            source.setCancelHandler { inotify.close() }
            source.activate()

            let interval = DispatchTimeInterval.milliseconds(Int(settings.rescanIntervalMilliseconds))
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
            timer.setEventHandler { [weak self] in self?.periodicRescan() }
            timer.activate()
            watch = Watch(inotify: inotify, source: source, rescanTimer: timer, newDirectory: new)

            state.phase = .running
            publish { $0.state = .running }
            cleanTmp()
            fullScan(reason: "startup")
        }
    }

    /// Stops taking files: no more events, scans or retries; files already in flight finish.
    public func stopTaking() {
        queue.async { [self] in
            guard !state.stopping else { return }
            state.stopping = true
            watch?.source.cancel()
            watch?.rescanTimer.cancel()
            state.backoff.cancelRetries()
            state.dropQueued(forgetEvents: false)
            state.phase = .stopped
            publish { $0.state = .stopped }
        }
    }

    /// Waits (blocking the caller, never the spool queue) until every file in flight is finished,
    /// at most until `deadline`; returns whether they all finished. Call after `stopTaking()`.
    func waitUntilIdle(deadline: DispatchTime) -> Bool {
        dispatchPrecondition(condition: .notOnQueue(queue))
        let semaphore: DispatchSemaphore? = queue.sync {
            if state.inFlight == 0 { return nil }
            let semaphore = DispatchSemaphore(value: 0)
            state.idleWaiter = semaphore
            return semaphore
        }
        guard let semaphore else { return true }
        return semaphore.wait(timeout: deadline) == .success
    }

    // MARK: Status

    public func snapshot() -> Snapshot { snapshotBox.withLock { $0 } }

    func publish(_ change: (inout Snapshot) -> Void) {
        snapshotBox.withLock { change(&$0) }
    }

    // MARK: Events and scans (on `queue`)

    private func drainEvents() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let inotify = watch?.inotify, !state.stopping else { return }
        var overflowed = false
        while true {
            let events: [Inotify.Event]
            do throws(Errno) {
                events = try inotify.readEvents(into: eventBuffer)
            } catch {
                log.log(.error, "spool_watch_failed", [("error", error.description)])
                overflowed = true
                break
            }
            if events.isEmpty { break }
            for event in events {
                if event.isOverflow {
                    overflowed = true
                } else if event.isIgnored {
                    log.log(.error, "spool_watch_lost", [("directory", layout.new), ("detail", "the watch was removed; relying on rescans")])
                } else if !event.nameBytes.isEmpty, state.phase == .running {
                    guard let name = SpoolLayout.acceptableName(event.nameBytes) else {
                        rejectBadName(event.nameBytes)
                        continue
                    }
                    if name.hasPrefix(".") { continue }
                    state.noteEvent(name, movedIn: event.isMovedIn)
                }
            }
        }
        if overflowed {
            publish { $0.overflows += 1 }
            log.log(.warning, "spool_overflow", [("detail", "inotify queue overflowed; rescanning new/")])
            fullScan(reason: "overflow")
        }
        pump()
    }

    private func periodicRescan() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !state.stopping else { return }
        cleanTmp()
        if state.phase == .running { fullScan(reason: "rescan") }
    }

    /// Lists new/ and queues every name not already queued or in flight (dedupe with inotify).
    func fullScan(reason: String) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard state.isTaking else { return }
        let entries: [Directory.Entry]
        do throws(Errno) {
            entries = try Directory.entries(layout.new)
        } catch {
            log.log(.error, "spool_scan_failed", [("directory", layout.new), ("error", error.description)])
            return
        }
        var found = 0
        // No stat here: the worker's fstat checks the age (see `settleMilliseconds`), so that a
        // listing of 20,000 names costs one getdents loop on this queue.
        for entry in entries.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
            guard let name = SpoolLayout.acceptableName(entry.bytes) else {
                rejectBadName(entry.bytes)
                continue
            }
            if name.hasPrefix(".") || !state.isNew(name) { continue }
            state.enqueue(name)
            found += 1
        }
        if found > 0 || !state.settling.isEmpty {
            log.log(.info, "spool_scan", [("reason", reason), ("found", String(found)), ("settling", String(state.settling.count))])
        }
        scheduleSettleCheck()
        pump()
    }

    /// A name that is not UTF-8 (it cannot be opened through a String) or holds a control character:
    /// moved to rejected/ as it is announced (or listed), and counted as a rejected file.
    private func rejectBadName(_ bytes: [UInt8]) {
        guard let newDirectory = watch?.newDirectory else { return }
        workQueue.async { [self] in
            if disposal.rejectBadName(bytes, in: newDirectory) { publish { $0.rejectedFiles += 1 } }
        }
    }

    func scheduleSettleCheck() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !state.settling.isEmpty, !state.settleCheckScheduled, let earliest = state.settling.values.min() else { return }
        state.settleCheckScheduled = true
        let delay = max(10, earliest - SystemClocks.realtimeMilliseconds())
        queue.asyncAfter(deadline: .now() + .milliseconds(Int(delay))) { [weak self] in
            guard let self else { return }
            state.settleCheckScheduled = false
            guard state.isTaking else { return }
            // The worker looks at the mtime again: a file still being written has moved it on.
            state.queueSettled(now: SystemClocks.realtimeMilliseconds())
            scheduleSettleCheck()
            pump()
        }
    }

    /// Starts queued files while fewer than `maxInFlight` are in flight (and, but for the first,
    /// fewer than `maxReportsInFlight` reports).
    func pump() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let newDirectory = watch?.newDirectory else { return }
        while let next = state.startNext(
            maxInFlight: maxInFlight, reportsHaveRoom: reportsInFlight.load(ordering: .relaxed) < maxReportsInFlight)
        {
            start(next, in: newDirectory)
        }
        let inFlight = state.inFlight
        publish { $0.inFlight = inFlight }
    }

    /// Takes one file (the probe of a paused spool) whether or not it was queued.
    func start(_ name: String) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let newDirectory = watch?.newDirectory else { return }
        start(state.start(name), in: newDirectory)
    }

    private func start(_ file: SpoolWatcherState.Start, in newDirectory: DirectoryDescriptor) {
        workQueue.async { [self] in
            process(file.name, in: newDirectory, complete: file.complete, knownIncomplete: file.knownIncomplete) { outcome in
                self.queue.async { self.finished(file.name, outcome) }
            }
        }
    }

    /// Removes stale files from tmp/ (a producer that died between writing and renaming).
    private func cleanTmp() {
        guard let entries = try? Directory.entries(layout.tmp), !entries.isEmpty,
            let tmp = try? DirectoryDescriptor.open(layout.tmp)
        else { return }
        defer { tmp.close() }
        let now = SystemClocks.realtimeMilliseconds()
        for entry in entries {
            guard let name = entry.name else { continue }
            guard let status = try? tmp.status(name), !status.isDirectory else { continue }
            let age = now - status.modifiedMilliseconds
            guard age > settings.tmpMaxAgeMilliseconds else { continue }
            do throws(Errno) {
                try tmp.unlink(name)
                publish { $0.tmpRemoved += 1 }
                log.log(.warning, "spool_tmp_removed", [
                    ("file", name), ("age", DurationSyntax.format(milliseconds: age / 1000 * 1000)), ("bytes", String(status.size)),
                    ("owner", String(status.uid)),
                ])
            } catch {
                log.log(.error, "spool_tmp_remove_failed", [("file", name), ("error", error.description)])
            }
        }
    }
}
