import Dispatch

/// One part of the running daemon with a start and a stop — the log, the store, the notifier, the
/// scheduler, the socket, the spool, the server, systemd's side — so that one `ComponentRunner`
/// starts them all in order and stops them in reverse (after swift-service-lifecycle's `Service`,
/// without async).
///
/// Stopping takes two calls, so that every part drains at once: the runner first asks each one to
/// begin stopping (stop taking new work, return at once), then waits for each in turn, until a
/// deadline it sets from the shutdown budget.
protocol DaemonComponent: Sendable {
    /// What the component reports about itself, read by `DaemonStatus` for `gridctl status` and
    /// systemd's `STATUS=` line.
    associatedtype Status: Sendable = Void

    /// Its name in the log (`stop_timeout component=spool`).
    var name: String { get }
    /// Whether its stop waits for work in flight, and so gets a share of the shutdown budget
    /// (default: no — its stop is immediate, or must finish whatever the clock says).
    var drainsWhenStopping: Bool { get }

    /// Starts it. On failure the error says what could not be started; the runner then stops the
    /// components started before it, in reverse.
    func start() throws(DaemonStartError)
    /// Stops taking new work and returns at once (default: nothing to do).
    func beginStopping(_ cause: StopCause)
    /// Waits until it has stopped, at most until `deadline` (then it gives up what is left, if it
    /// can); returns whether it stopped in time (default: at once, true).
    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool
    /// A snapshot of its state.
    func status() -> Status
}

extension DaemonComponent {
    var drainsWhenStopping: Bool { false }
    func beginStopping(_ cause: StopCause) {}
    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool { true }
}

extension DaemonComponent where Status == Void {
    func status() {}
}

/// Why the components are stopping.
enum StopCause: Sendable, Equatable {
    /// A stop that was asked for (SIGTERM, SIGINT, the program embedding the daemon), also during
    /// start-up: the daemon stops as it should, and records that it did.
    case requested(reason: String)
    /// A start-up that failed, undoing what it had started: nothing is recorded as a clean stop.
    case failedStart

    var isRequested: Bool {
        if case .requested = self { return true }
        return false
    }
}

/// Why the daemon could not start (printed, then exit 1).
public struct DaemonStartError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
