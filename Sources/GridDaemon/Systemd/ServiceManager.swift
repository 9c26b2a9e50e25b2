import Dispatch
import GridSystem
import Synchronization

/// gridd's side of systemd's service protocol (sd_notify(3)) for `Type=notify`:
///
/// - `READY=1` (with `MAINPID=` and a first `STATUS=`) once the database, the scheduler, the
///   spool watcher and the socket are all up;
/// - `STATUS=` with live counts every few seconds (`systemctl status gridd` shows it);
/// - `WATCHDOG=1` at half of `$WATCHDOG_USEC`, sent from the dispatcher's own queue, so that a
///   dispatcher that is stuck (or a process that hangs) stops the pings and systemd restarts it;
/// - `RELOADING=1` with `MONOTONIC_USEC=` when a reload starts, then `READY=1` when it is done
///   (whether the new configuration was taken or refused);
/// - `STOPPING=1` when a graceful stop begins;
/// - `EXTEND_TIMEOUT_USEC=` (systemd ≥ 236) every few seconds while the database opens (its page
///   check after an unclean stop reads the whole file: 125 s at 10,000,000 incidents, past the
///   default `TimeoutStartSec=` of 90 s), so that a large database is not killed mid-check.
///
/// Everything is a no-op without `$NOTIFY_SOCKET` (a daemon started by hand or by tests).
public final class ServiceManager: @unchecked Sendable {
    private let socket: ServiceNotifySocket?
    /// The watchdog timeout systemd enforces (`WatchdogSec=`), if it asked for pings.
    public let watchdogTimeoutMicroseconds: UInt64?
    /// Where a failure to notify is reported (once), set when the log exists.
    private let failureLog = Mutex<(log: DispatchLog?, reported: Bool)>((nil, false))
    /// Timers, confined to `queue` (set and cancelled there: the methods hop onto it, and the
    /// watchdog's handler, which Dispatch runs there, checks it).
    private let queue = DispatchQueue(label: "gridd.systemd")
    private var watchdogTimer: (any DispatchSourceTimer)?
    private var statusTimer: (any DispatchSourceTimer)?
    private let statusQueue = DispatchQueue(label: "gridd.systemd.status")
    /// Whether a watchdog ping is queued on the dispatcher and has not run yet: a stuck
    /// dispatcher gets one ping queued, not one per interval.
    private let pingQueued = Mutex(false)
    private let lastStatus = Mutex("")

    /// Reads `$NOTIFY_SOCKET`, `$WATCHDOG_USEC` and `$WATCHDOG_PID`. A malformed `$NOTIFY_SOCKET`
    /// is reported on stderr and notifications are off (systemd would then time the start out,
    /// which says more than a daemon refusing to run).
    public init(environment: (String) -> String? = Files.environment, pid: Int32 = UserDirectory.currentPID()) {
        var socket: ServiceNotifySocket?
        do throws(Errno) {
            socket = try ServiceNotifySocket.fromEnvironment(environment)
        } catch {
            writeDiagnostic("gridd: cannot use NOTIFY_SOCKET: \(error)\n")
        }
        self.socket = socket
        var watchdog: UInt64?
        if socket != nil, let text = environment("WATCHDOG_USEC"), let usec = UInt64(text), usec > 0 {
            // $WATCHDOG_PID, when set, names the process that must ping (sd_watchdog_enabled(3)).
            if let owner = environment("WATCHDOG_PID").flatMap({ Int32($0) }) {
                watchdog = owner == pid ? usec : nil
            } else {
                watchdog = usec
            }
        }
        watchdogTimeoutMicroseconds = watchdog
    }

    /// Whether systemd is listening (`$NOTIFY_SOCKET` was set).
    public var isEnabled: Bool { socket != nil }

    /// Reports failures to notify to `log` (once: a missing manager is not worth a line a second).
    public func attach(log: DispatchLog) { failureLog.withLock { $0.log = log } }

    /// Sends one notification. Assignments go in one datagram, in order.
    public func notify(_ assignments: [String]) {
        guard let socket else { return }
        do throws(Errno) {
            try socket.send(assignments.joined(separator: "\n"))
        } catch {
            let log = failureLog.withLock { state -> DispatchLog? in
                defer { state.reported = true }
                return state.reported ? nil : state.log
            }
            log?.log(.warning, "notify_failed", [("socket", socket.path), ("error", error.description)])
        }
    }

    // MARK: The states

    public func ready(status: String) {
        notify(["READY=1", "MAINPID=\(UserDirectory.currentPID())", "STATUS=" + Self.oneLine(status)])
        lastStatus.withLock { $0 = status }
    }

    public func reloading(status: String = "reloading the configuration") {
        notify(["RELOADING=1", "MONOTONIC_USEC=\(SystemClocks.monotonicMicroseconds())", "STATUS=" + Self.oneLine(status)])
    }

    /// After a reload, whatever its outcome: the daemon serves again.
    public func reloaded(status: String) { ready(status: status) }

    /// A graceful stop began: the status updates end; the watchdog pings go on (draining can take
    /// seconds) until `stopWatchdog()`.
    public func stopping(status: String) {
        stopStatusUpdates()
        notify(["STOPPING=1", "STATUS=" + Self.oneLine(status)])
    }

    /// `STATUS=` alone; nothing is sent when the text did not change.
    public func status(_ text: String) {
        let changed = lastStatus.withLock { last -> Bool in
            guard last != text else { return false }
            last = text
            return true
        }
        if changed { notify(["STATUS=" + Self.oneLine(text)]) }
    }

    // MARK: Timers

    /// Runs `body` — a long step of the start, such as opening the database — while telling
    /// systemd that the start goes on: `EXTEND_TIMEOUT_USEC=` of `extension` with `STATUS=` at
    /// once, then again every `interval` until `body` returns. The start is then limited by the
    /// work itself (a check that reads the whole file takes as long as the file is large), not by
    /// `TimeoutStartSec=`; older systemd ignores the assignment.
    public func extendingStartTimeout<T, E: Error>(
        status: String, every interval: DispatchTimeInterval = .seconds(10), extension microseconds: UInt64 = 30_000_000,
        _ body: () throws(E) -> T
    ) throws(E) -> T {
        guard isEnabled else { return try body() }
        let message = ["EXTEND_TIMEOUT_USEC=\(microseconds)", "STATUS=" + Self.oneLine(status)]
        notify(message)
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { [self] in notify(message) }
        timer.activate()
        defer { timer.cancel() }
        return try body()
    }

    /// Pings the watchdog at half its timeout. Each ping is handed to `dispatcher` (which runs it
    /// on the dispatcher's serial queue) and sent from there: if that queue is stuck, no ping
    /// goes out and systemd kills and restarts the daemon after `WatchdogSec=`.
    public func startWatchdog(through dispatcher: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
        guard let timeout = watchdogTimeoutMicroseconds else { return }
        let interval = max(timeout / 2, 1000)
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now(), repeating: .microseconds(Int(interval)), leeway: .microseconds(Int(interval / 20)))
            timer.setEventHandler { [self] in
                dispatchPrecondition(condition: .onQueue(queue))
                let alreadyQueued = pingQueued.withLock { queued -> Bool in
                    defer { queued = true }
                    return queued
                }
                guard !alreadyQueued else { return }
                dispatcher { [self] in
                    pingQueued.withLock { $0 = false }
                    notify(["WATCHDOG=1"])
                }
            }
            watchdogTimer = timer
            timer.activate()
        }
    }

    /// Sends `STATUS=` from `provider` every `seconds` (when it changed). The provider runs on a
    /// queue of its own, so a slow count never delays the watchdog.
    public func startStatusUpdates(everySeconds seconds: Int, provider: @escaping @Sendable () -> String) {
        guard isEnabled else { return }
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            let timer = DispatchSource.makeTimerSource(queue: statusQueue)
            timer.schedule(deadline: .now() + .seconds(seconds), repeating: .seconds(seconds), leeway: .milliseconds(250))
            timer.setEventHandler { [self] in status(provider()) }
            statusTimer = timer
            timer.activate()
        }
    }

    /// Runs `body` on the status queue (e.g. a first count right after READY=1).
    public func onStatusQueue(_ body: @escaping @Sendable () -> Void) {
        guard isEnabled else { return }
        statusQueue.async(execute: body)
    }

    /// Stops the `STATUS=` updates.
    public func stopStatusUpdates() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            statusTimer?.cancel()
            statusTimer = nil
        }
    }

    /// Stops the watchdog pings (the last thing before the process ends: a stop can take seconds).
    public func stopWatchdog() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            watchdogTimer?.cancel()
            watchdogTimer = nil
        }
    }

    /// A STATUS= value is one line.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" ? " " : $0 })
    }
}
