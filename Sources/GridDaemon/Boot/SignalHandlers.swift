import Dispatch
import GridSystem
import Synchronization

/// Installs Dispatch signal sources and waits until the kernel side is registered, so that a
/// signal sent the moment the daemon says it is ready is handled rather than killing it.
/// Keeps a reference to every source (an unreferenced source is freed and never fires).
final class SignalHandlers: Sendable {
    /// A signal source, kept alive here. libdispatch's objects are thread-safe (it is only the
    /// Swift overlay that does not say so), and this one is only held, never used again.
    private struct Kept: @unchecked Sendable {
        let source: any DispatchSourceSignal
    }

    private let queue: DispatchQueue
    private let sources = Mutex<[Kept]>([])

    /// - Parameter queue: where the handlers run.
    init(queue: DispatchQueue) { self.queue = queue }

    /// Installs handlers for `signals` and returns once all are registered.
    func install(_ handlers: [(UnixSignal, @Sendable () -> Void)]) {
        dispatchPrecondition(condition: .notOnQueue(queue))
        let registered = DispatchGroup()
        for (signal, handler) in handlers {
            signal.ignore()
            let source = DispatchSource.makeSignalSource(signal: signal.rawValue, queue: queue)
            source.setEventHandler(handler: handler)
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.activate()
            sources.withLock { $0.append(Kept(source: source)) }
        }
        registered.wait()
    }
}

extension Daemon {
    /// gridd's signals: SIGTERM and SIGINT stop the daemon gracefully and end the process with
    /// status 0, SIGHUP reloads the configuration, SIGUSR1 reopens dispatch.log (after logrotate).
    func handleSignals(with handlers: SignalHandlers, log: DispatchLog) {
        let exitWhenStopped: @Sendable () -> Void = { ProcessControl.exit(0) }
        handlers.install([
            (.sigterm, { @Sendable [self] in stop(reason: "SIGTERM", completion: exitWhenStopped) }),
            (.sigint, { @Sendable [self] in stop(reason: "SIGINT", completion: exitWhenStopped) }),
            (.sigusr1, { @Sendable in log.reopen() }),
            (.sighup, { @Sendable [self] in reload(trigger: "SIGHUP") }),
        ])
    }
}
