import Dispatch
import GridCore
import GridStore
import Synchronization

/// Notifications as one of the daemon's components. Its start opens the outbox and sets the
/// trigger for `[Notify] Events=` — before anything can write an event — without delivering yet:
/// delivery starts with `apply(_:)` once the daemon is ready. Its stop stops the running programs,
/// waits (within its share of the budget) until their outcomes are queued on the writer, and
/// closes the outbox before the store closes.
final class Notifier: DaemonComponent {
    private struct Opened: Sendable {
        var outbox: NotificationOutbox
        var dispatcher: NotificationDispatcher
    }

    private let store: IncidentStore
    private let database: String
    private let settings: NotifySettings?
    private let log: DispatchLog
    private let city: CityModelBox
    private let opened = Mutex<Opened?>(nil)

    init(store: IncidentStore, database: String, settings: NotifySettings?, log: DispatchLog, city: CityModelBox) {
        self.store = store
        self.database = database
        self.settings = settings
        self.log = log
        self.city = city
    }

    var name: String { "notify" }
    var drainsWhenStopping: Bool { true }

    func start() throws(DaemonStartError) {
        do throws(StoreError) {
            let (outbox, dispatcher) = try NotificationDispatcher.open(store: store, settings: settings, log: log, city: city)
            opened.withLock { $0 = Opened(outbox: outbox, dispatcher: dispatcher) }
        } catch {
            throw DaemonStartError("cannot set up notifications in \(database): \(error)")
        }
    }

    /// Applies `[Notify]` (nil: off) and takes due notifications: once at start-up when the daemon
    /// is ready, then at every reload.
    func apply(_ settings: NotifySettings?) { opened.withLock { $0 }?.dispatcher.apply(settings) }

    func beginStopping(_ cause: StopCause) { opened.withLock { $0 }?.dispatcher.stop() }

    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool {
        guard let opened = opened.withLock({ $0 }) else { return true }
        // The stopped runs' outcomes are queued on the writer before the outbox (and then the
        // store) closes.
        let idle = opened.dispatcher.waitUntilIdle(deadline: deadline)
        opened.outbox.close()
        return idle
    }

    func status() -> NotificationDispatcher.Snapshot? { opened.withLock { $0 }?.dispatcher.snapshot() }
}
