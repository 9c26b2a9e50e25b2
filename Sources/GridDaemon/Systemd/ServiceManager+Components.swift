import Dispatch
import GridSystem

/// systemd's side as the daemon's second component (after the log): there from the start of the
/// process to its end, so that its watchdog pings — started once the scheduler runs, and sent
/// from the scheduler's queue — go on through a stop and end only when everything else stopped.
extension ServiceManager: DaemonComponent {
    var name: String { "systemd" }

    func start() {}

    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool {
        stopWatchdog()
        return true
    }
}

/// Readiness as the daemon's last component: its start says the daemon serves (`READY=1` with
/// the first `STATUS=` line, then a line with live counts every few seconds); beginning its stop
/// says it is stopping (`stopping` in the log, `STOPPING=1`), before anything else stops.
struct ServiceReadiness: DaemonComponent {
    let service: ServiceManager
    let status: DaemonStatus
    let log: DispatchLog

    var name: String { "readiness" }

    func start() {
        // READY=1 last: the database, the scheduler, the spool watcher and the socket are up. The
        // open incidents are counted after it, on the status queue (a scan of a large table).
        service.ready(status: status.lineWithoutCounting(state: "serving"))
        let (service, status) = (service, status)
        service.onStatusQueue { service.status(status.line(refreshingOpenCount: true)) }
        service.startStatusUpdates(everySeconds: DaemonStatus.updateSeconds) { status.line() }
    }

    func beginStopping(_ cause: StopCause) {
        guard case .requested(let reason) = cause else { return }
        service.stopping(status: "stopping (\(reason)): answering requests in flight")
        log.log(.notice, "stopping", [("reason", reason)])
    }
}
