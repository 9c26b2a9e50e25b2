import Dispatch
import GridSystem
import Synchronization

/// What a stopped gridd leaves beside its database and socket, as a component started before the
/// store (so that, stopping in reverse, it runs after the store has closed): at start it reads
/// whether the last stop was clean (`CleanShutdownMarker`); at a stop that was asked for, once the
/// store it opened has closed, it writes the marker again; and at any stop it removes the socket
/// file the daemon bound itself (never one systemd passed: that one stays systemd's).
final class CleanShutdown: DaemonComponent {
    private struct State: Sendable {
        var lastStopWasClean = false
        var databaseOpened = false
        var ownSocket: String?
    }

    private let marker: CleanShutdownMarker
    private let state = Mutex(State())

    init(database: String) { marker = CleanShutdownMarker(database: database) }

    var name: String { "clean-shutdown" }

    /// The marker file, which is also a trace that a database existed (`StoreOptions.databaseTraces`).
    var markerPath: String { marker.path }

    /// Whether the last stop was clean and the database is as it left it (read by `start`).
    var lastStopWasClean: Bool { state.withLock { $0.lastStopWasClean } }

    func start() {
        let clean = marker.isClean()
        state.withLock { $0.lastStopWasClean = clean }
    }

    /// The store opened: the marker goes (a crash from here on is not a clean stop), and a clean
    /// stop may write it again.
    func databaseOpened() {
        marker.remove()
        state.withLock { $0.databaseOpened = true }
    }

    /// The daemon bound a socket at `path`: it is removed at the stop.
    func removeAtStop(socket path: String) { state.withLock { $0.ownSocket = path } }

    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool {
        let state = state.withLock { $0 }
        if cause.isRequested, state.databaseOpened { marker.write() }
        if let socket = state.ownSocket { try? Directory.unlink(socket) }
        return true
    }
}
