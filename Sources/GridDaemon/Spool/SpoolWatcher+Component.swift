import Dispatch
import GridSystem

/// The spool as one of the daemon's components, started before the socket serves: files that
/// waited while the daemon was down are taken first. Beginning its stop stops taking files; its
/// wait — a share of the shutdown budget — lets the files in flight finish (committed, then
/// removed), so none is half-taken when the store closes.
extension SpoolWatcher: DaemonComponent {
    /// What `gridctl status` shows under `spool`.
    struct Status: Sendable {
        var counts: Snapshot
        var directory: String
        /// Files waiting in new/ (one listing), if it could be read.
        var backlog: Int?
    }

    var name: String { "spool" }
    var drainsWhenStopping: Bool { true }

    func start() throws(DaemonStartError) {
        do throws(Errno) {
            try openWatch()
        } catch {
            throw DaemonStartError("cannot watch the spool \(layout.root): \(error)")
        }
    }

    func beginStopping(_ cause: StopCause) { stopTaking() }

    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool { waitUntilIdle(deadline: deadline) }

    func status() -> Status { Status(counts: snapshot(), directory: layout.root, backlog: Directory.count(layout.new)) }
}
