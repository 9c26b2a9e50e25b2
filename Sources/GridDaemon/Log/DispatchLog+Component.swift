import Dispatch

/// The log as the daemon's first component: started first, so that everything after it can log
/// to dispatch.log, and stopped last, so that `stopped` is its last line.
extension DispatchLog: DaemonComponent {
    var name: String { "log" }

    func start() { openFile() }

    /// Logs `stopped` (after a stop that was asked for) and closes dispatch.log once every line
    /// logged so far is written.
    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool {
        if cause.isRequested { log(.notice, "stopped", []) }
        close()
        return true
    }

    /// What `tail` has: subscribers, lines published, the backlog and what followers missed.
    func status() -> LogBroadcaster.Snapshot { broadcaster.snapshot() }
}
