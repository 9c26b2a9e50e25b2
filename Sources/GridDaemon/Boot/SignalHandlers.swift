import Dispatch
import Glibc

/// Installs Dispatch signal sources and waits until the kernel side is registered, so that a
/// signal sent the moment the daemon says it is ready is handled rather than killing it.
/// Keeps a reference to every source (an unreferenced source is freed and never fires).
final class SignalHandlers: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let queue: DispatchQueue

    init(queue: DispatchQueue) { self.queue = queue }

    /// Installs handlers for `signals` and returns once all are registered.
    func install(_ handlers: [(Int32, @Sendable () -> Void)]) {
        let registered = DispatchGroup()
        for (signalNumber, handler) in handlers {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler(handler: handler)
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            sources.append(source)
            source.activate()
        }
        registered.wait()
    }
}
