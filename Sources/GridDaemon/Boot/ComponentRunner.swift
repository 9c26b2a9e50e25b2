import Dispatch
import Synchronization

/// Starts the daemon's components in order and stops them in reverse — after a graceful stop was
/// asked for, after a start that failed, and after a stop asked for during start-up — within one
/// shutdown budget (after swift-service-lifecycle's `ServiceGroup`, without async).
///
/// It exists so that the order is written once, as the order of the `start` calls in
/// `Daemon.start`, and the undoing of a half-done start-up is the same code as a stop.
///
/// **The shutdown budget** (`StopTimeout=`, 24 s by default) bounds how long the waits of a stop
/// take in all. Every component is first asked to begin stopping, so all of them drain at once;
/// then the runner waits for each, in reverse start order. Of the n components whose stop waits
/// for work in flight (`drainsWhenStopping`), the k-th must be done by k/n of the budget after the
/// stop began: each gets at least an n-th, and whatever the ones before it left. One that is not
/// done by its deadline gives up what is left (`stop_timeout` in the log) and the next one is
/// waited for. The others wait for nothing, or for what must not be cut short (the store commits
/// what is queued before it closes), whatever the clock says.
///
/// Thread-safe: start-up runs on the caller's thread, a stop on whichever asks for it; the state
/// is behind a mutex, never held while a component starts or stops.
final class ComponentRunner: Sendable {
    private enum Phase: Sendable {
        case starting, running, stopping, stopped
    }

    /// A stop asked for during start-up, done by the start-up at its next step.
    private struct PendingStop: Sendable {
        var cause: StopCause
        var completion: @Sendable () -> Void
    }

    private struct State: Sendable {
        var phase = Phase.starting
        var started: [any DaemonComponent] = []
        var stopDuringStartUp: PendingStop?
    }

    /// Starts components during `startUp`: one `start` call per component, in order.
    struct Starter {
        fileprivate let runner: ComponentRunner

        /// Starts `component` and returns it, or throws why it could not start — or that a stop
        /// was asked for meanwhile (then it is not started).
        @discardableResult
        func start<Component: DaemonComponent>(_ component: Component) throws(DaemonStartError) -> Component {
            if let pending = runner.state.withLock({ $0.stopDuringStartUp }) { throw ComponentRunner.interrupted(by: pending.cause) }
            try component.start()
            runner.state.withLock { $0.started.append(component) }
            return component
        }
    }

    /// The shutdown budget, in milliseconds.
    let budgetMilliseconds: Int64
    private let state = Mutex(State())
    /// Told the name of each component that was not stopped by its deadline.
    private let stoppedLate: @Sendable (String) -> Void

    init(budgetMilliseconds: Int64, stoppedLate: @escaping @Sendable (String) -> Void = { _ in }) {
        self.budgetMilliseconds = budgetMilliseconds
        self.stoppedLate = stoppedLate
    }

    /// Runs `body`, which starts the components in order through the `Starter` it is given, and
    /// returns once all of them run. If `body` throws — a component failed to start, or a stop was
    /// asked for meanwhile — the components started so far are stopped in reverse (and that stop's
    /// completion called) before the error is rethrown.
    func startUp(_ body: (Starter) throws(DaemonStartError) -> Void) throws(DaemonStartError) {
        var failure: DaemonStartError?
        do {
            try body(Starter(runner: self))
        } catch {
            failure = error
        }
        let undo = state.withLock { state -> (components: [any DaemonComponent], pending: PendingStop?)? in
            guard failure != nil || state.stopDuringStartUp != nil else {
                state.phase = .running
                return nil
            }
            state.phase = .stopping
            return (state.started, state.stopDuringStartUp)
        }
        guard let undo else { return }
        stopInReverse(undo.components, undo.pending?.cause ?? .failedStart)
        state.withLock { $0.phase = .stopped }
        undo.pending?.completion()
        if let failure { throw failure }
        if let pending = undo.pending { throw Self.interrupted(by: pending.cause) }
    }

    private static func interrupted(by cause: StopCause) -> DaemonStartError {
        guard case .requested(let reason) = cause else { return DaemonStartError("stopped during start-up") }
        return DaemonStartError("stopped during start-up (\(reason))")
    }

    /// Stops the started components in reverse, then calls `completion`. During start-up the stop
    /// is done by the start-up at its next step; once stopping, another stop is ignored.
    func stop(_ cause: StopCause, completion: @escaping @Sendable () -> Void) {
        let components = state.withLock { state -> [any DaemonComponent]? in
            switch state.phase {
            case .starting:
                if state.stopDuringStartUp == nil { state.stopDuringStartUp = PendingStop(cause: cause, completion: completion) }
                return nil
            case .running:
                state.phase = .stopping
                return state.started
            case .stopping, .stopped:
                return nil
            }
        }
        guard let components else { return }
        stopInReverse(components, cause)
        state.withLock { $0.phase = .stopped }
        completion()
    }

    /// Whether every component started and no stop began.
    var isRunning: Bool { state.withLock { $0.phase == .running } }

    /// The started component of type `Component`, if there is one.
    func started<Component: DaemonComponent>(_ type: Component.Type) -> Component? {
        state.withLock { state in state.started.lazy.compactMap { $0 as? Component }.first }
    }

    /// Begins stopping each component, last started first, then waits for each in that order.
    private func stopInReverse(_ components: [any DaemonComponent], _ cause: StopCause) {
        let order = Array(components.reversed())
        let begin = DispatchTime.now()
        for component in order { component.beginStopping(cause) }
        let deadlines = Self.deadlines(
            draining: order.map(\.drainsWhenStopping), from: begin, budgetMilliseconds: budgetMilliseconds)
        for (component, deadline) in zip(order, deadlines) where !component.waitUntilStopped(cause, deadline: deadline) {
            stoppedLate(component.name)
        }
    }

    /// The deadline of each wait, in stop order: the k-th of the n components that drain must be
    /// done k/n of the budget after `begin`; the others by the end of the budget.
    static func deadlines(draining: [Bool], from begin: DispatchTime, budgetMilliseconds: Int64) -> [DispatchTime] {
        let budget = UInt64(max(0, budgetMilliseconds)) * 1_000_000
        let n = UInt64(draining.filter { $0 }.count)
        var k: UInt64 = 0
        return draining.map { drains in
            guard drains else { return DispatchTime(uptimeNanoseconds: begin.uptimeNanoseconds + budget) }
            k += 1
            return DispatchTime(uptimeNanoseconds: begin.uptimeNanoseconds + budget * k / n)
        }
    }
}
