import Dispatch
import GridSystem
import Synchronization

/// The listening socket as one of the daemon's components, started before the spool (the bound
/// socket is the single-instance lock) and served by the `SocketServer`, which takes it.
///
/// Under socket activation it is the stream socket systemd passed (`gridd.sock`, else the first
/// one): its path, owner and mode are the .socket unit's, and it is never unlinked. Otherwise the
/// daemon binds its own at the configured path — refusing when another daemon answers there — and
/// `CleanShutdown` removes the file when the daemon stops.
final class Listener: DaemonComponent {
    /// What `status` shows: where clients connect, and whether systemd passed the socket.
    struct Status: Sendable, Equatable {
        var path: String
        var inherited: Bool
    }

    private struct State: Sendable {
        var descriptor: FileDescriptor?
        var status: Status
        /// Whether the server took the descriptor (and closes it).
        var taken = false
    }

    private let configuredPath: String
    private let mode: UInt32
    private let passed: [SocketActivation.Passed]
    private let log: DispatchLog
    private let traces: CleanShutdown
    private let state: Mutex<State>

    init(path: String, mode: UInt32, passed: [SocketActivation.Passed], log: DispatchLog, traces: CleanShutdown) {
        configuredPath = path
        self.mode = mode
        self.passed = passed
        self.log = log
        self.traces = traces
        state = Mutex(State(status: Status(path: path, inherited: false)))
    }

    var name: String { "listener" }

    func start() throws(DaemonStartError) {
        if let socket = SocketActivation.chooseListener(from: passed, named: "gridd.sock") {
            inherit(socket)
            return
        }
        if !passed.isEmpty {
            log.log(.warning, "socket_activation_unusable", [
                ("passed", String(passed.count)), ("reason", "no listening stream socket among them"),
            ])
        }
        let descriptor: FileDescriptor
        do throws(Errno) {
            descriptor = try UnixSocket.listen(path: configuredPath, mode: mode)
        } catch {
            throw DaemonStartError("cannot listen on \(configuredPath): \(error)")
        }
        state.withLock { $0.descriptor = descriptor }
        traces.removeAtStop(socket: configuredPath)
    }

    /// Socket activation: systemd bound the socket; it stays systemd's.
    private func inherit(_ socket: SocketActivation.Passed) {
        try? socket.fd.setNonBlocking()
        state.withLock {
            $0.descriptor = socket.fd
            $0.status = Status(path: socket.boundPath ?? configuredPath, inherited: true)
        }
        log.log(.info, "socket_inherited", [
            ("fd", String(socket.fd.rawValue)), ("name", socket.name), ("path", socket.boundPath ?? "-"),
        ])
        if let bound = socket.boundPath, bound != configuredPath {
            log.log(.warning, "socket_path_differs", [("inherited", bound), ("configured", configuredPath)])
        }
    }

    /// Hands the listening descriptor to the server, which closes it when it drains.
    func take() -> FileDescriptor {
        state.withLock { state in
            guard let descriptor = state.descriptor, !state.taken else { preconditionFailure("the listener is taken twice or before it started") }
            state.taken = true
            return descriptor
        }
    }

    /// Closes the descriptor, unless the server took it (a start-up that failed before serving).
    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool {
        let untaken = state.withLock { $0.taken ? nil : $0.descriptor }
        untaken?.close()
        return true
    }

    func status() -> Status { state.withLock { $0.status } }
}
