import Dispatch
import GridCore
import GridSystem

/// What happens when a file is done with (taken, rejected, kept for later) and the backpressure of
/// a failing store: pause with every file left in new/, probe with one file after a back-off that
/// doubles up to 30 s, resume with a full scan once the store writes again. All on `queue`.
extension SpoolWatcher {
    enum Outcome: Sendable {
        /// Every report committed (`reports`), bad lines moved (`rejectedLines`), file removed.
        case taken(reports: Int, rejectedLines: Int)
        /// The whole file went to rejected/.
        case rejected
        /// The file was not there any more.
        case gone
        /// It could not be opened or read now; it stays in new/ for a later scan.
        case retryLater(String)
        /// The store could not write: the file stays in new/; the watcher pauses.
        case storeUnavailable(GridError, committed: Int)
        /// Not announced complete and changed too recently, or changed while (or since) it was
        /// read: looked at again at `readyAt` (realtime ms).
        case notSettled(readyAt: Int64)
        /// Its last line is unfinished: looked at again at `readyAt`, not read again while it is
        /// still `status`.
        case incomplete(FileStatus, readyAt: Int64)
    }

    /// A file's outcome, back on `queue`.
    func finished(_ name: String, _ outcome: Outcome) {
        dispatchPrecondition(condition: .onQueue(queue))
        let eventCame = state.finish(name)
        var waitUntil: Int64?
        switch outcome {
        case .notSettled(let readyAt):
            state.forgetIncomplete(name)
            waitUntil = readyAt
        case .incomplete(let status, let readyAt):
            if state.noteIncomplete(name, status) {
                log.log(.info, "spool_incomplete", [
                    ("file", name), ("bytes", String(status.size)),
                    ("detail", "the last line is unfinished; waiting for the writer (IncompleteTimeout=)"),
                ])
            }
            waitUntil = readyAt
        case .taken(let reports, let lines):
            publish {
                $0.taken += 1
                $0.reports += reports
                $0.rejectedLines += lines
            }
            if reports > 0 { storeWorked() }
        case .rejected:
            publish { $0.rejectedFiles += 1 }
        case .gone:
            break
        case .retryLater(let message):
            log.log(.warning, "spool_retry_later", [("file", name), ("error", message)])
            publish { $0.lastError = message }
        case .storeUnavailable(let error, let committed):
            publish { $0.reports += committed }
            if !state.stopping && error.code == .unavailable { pause(error) }
        }
        if state.lookAgain(name, eventCame: eventCame, waitUntil: waitUntil) { scheduleSettleCheck() }
        if state.inFlight == 0, let idleWaiter = state.idleWaiter {
            state.idleWaiter = nil
            idleWaiter.signal()
        }
        if state.phase == .paused, state.inFlight == 0, state.backoff.isProbing {
            // The probe finished without a store failure (taken, rejected or gone).
            resume()
        }
        pump()
    }

    func pause(_ error: GridError) {
        dispatchPrecondition(condition: .onQueue(queue))
        publish { $0.lastError = error.message }
        guard state.phase == .running else {
            if state.phase == .paused, state.backoff.isProbing { scheduleRetry() }
            return
        }
        state.phase = .paused
        state.pausedAtMonotonic = SystemClocks.monotonicMilliseconds()
        state.dropQueued(forgetEvents: true)
        let now = clock.now()
        publish {
            $0.state = .paused
            $0.pausedSince = now
        }
        log.log(.error, "spool_paused", [
            ("code", error.code.rawValue), ("error", error.message),
            ("detail", "files stay in new/ and are taken when the store writes again"),
        ])
        scheduleRetry()
    }

    func scheduleRetry() {
        dispatchPrecondition(condition: .onQueue(queue))
        let (generation, delay) = state.backoff.nextRetry()
        publish { $0.retryInMilliseconds = delay }
        queue.asyncAfter(deadline: .now() + .milliseconds(Int(delay))) { [weak self] in
            guard let self, generation == state.backoff.generation, state.phase == .paused, !state.stopping else { return }
            probe()
        }
    }

    /// While paused: takes one file (the first in name order) to see whether the store writes again.
    func probe() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard state.inFlight == 0 else {
            // Files from before the pause are still finishing; look again shortly.
            state.backoff.shorten()
            scheduleRetry()
            return
        }
        let entries = (try? Directory.entries(layout.new)) ?? []
        let names = entries.compactMap(\.name).filter { !$0.hasPrefix(".") }.sorted()
        guard let first = names.first else {
            resume()
            return
        }
        state.backoff.startProbe()
        publish { $0.retryInMilliseconds = nil }
        start(first)
    }

    /// The store committed something: the backoff starts from the beginning next time.
    func storeWorked() {
        dispatchPrecondition(condition: .onQueue(queue))
        state.backoff.reset()
        if state.phase == .paused { resume() }
    }

    func resume() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard state.phase == .paused, !state.stopping else { return }
        state.phase = .running
        state.backoff.cancelRetries(endingProbe: true)
        let pausedFor = SystemClocks.monotonicMilliseconds() - state.pausedAtMonotonic
        publish {
            $0.state = .running
            $0.pausedSince = nil
            $0.retryInMilliseconds = nil
        }
        log.log(.notice, "spool_resumed", [("paused_ms", String(pausedFor))])
        fullScan(reason: "resume")
    }
}
