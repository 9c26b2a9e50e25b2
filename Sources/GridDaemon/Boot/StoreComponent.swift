import Dispatch
import GridCore
import GridStore
import GridSystem
import Synchronization

/// The incident store as one of the daemon's components: opened at its start — with the full
/// page check only when the last stop was not clean (`CleanShutdown`), and watching the file for
/// deletion or replacement — and closed at its stop, after every write already queued committed.
final class StoreComponent: DaemonComponent {
    private let path: String
    private let groupCommitMax: Int
    private let traces: CleanShutdown
    private let log: DispatchLog
    private let service: ServiceManager
    /// The daemon's clock: status counts the lights (red, yellow) at its now.
    private let clock: DrillClock
    private let opened = Mutex<IncidentStore?>(nil)
    /// The working calendar at start: the sqlite views write times in its zone.
    private let calendar: WorkingCalendar

    init(
        path: String, groupCommitMax: Int, traces: CleanShutdown, log: DispatchLog, service: ServiceManager, clock: DrillClock,
        calendar: WorkingCalendar
    ) {
        self.calendar = calendar
        self.path = path
        self.groupCommitMax = groupCommitMax
        self.traces = traces
        self.log = log
        self.service = service
        self.clock = clock
    }

    var name: String { "store" }

    /// The open store (once started).
    var store: IncidentStore {
        guard let store = opened.withLock({ $0 }) else { preconditionFailure("the store is read before it was opened") }
        return store
    }

    func start() throws(DaemonStartError) {
        // After a clean shutdown the database is known good and the full page check (seconds on
        // a large database) is skipped; after a crash, a first start or anything unknown, it runs.
        let clean = traces.lastStopWasClean
        var options = StoreOptions(groupCommitMax: groupCommitMax, faultInjector: StoreFaultSwitch.injector())
        options.quickCheckAtOpen = !clean
        // The marker says a database existed: never an empty one in its place (DatabaseFile).
        options.databaseTraces = [traces.markerPath]
        options.viewTimes = ViewTimes(calendar: calendar, around: clock.now())
        options.onViewsNotWritten = { [log, calendar] detail in
            log.log(.warning, "views_not_rewritten", [
                ("time_zone", calendar.timeZoneIdentifier), ("error", detail), ("action", "the views keep their times; restart to try again"),
            ])
        }
        options.onDatabaseLost = { [log, service, path] detail in
            log.log(.error, "database_lost", [
                ("path", path), ("detail", detail), ("action", "writes refused (unavailable) until restored and restarted"),
            ])
            service.status(DaemonStatus.databaseLostLine(detail))
        }
        let store: IncidentStore
        // The page check (and a migration) reads the whole file: minutes at 10,000,000 incidents.
        let opening =
            clean ? "opening the database" : "checking the database (PRAGMA quick_check: the last stop was not clean)"
        do throws(StoreError) {
            store = try service.extendingStartTimeout(status: opening) { () throws(StoreError) in
                try IncidentStore(path: path, options: options)
            }
        } catch {
            throw DaemonStartError("cannot open the database \(path): \(error)")
        }
        opened.withLock { $0 = store }
        traces.databaseOpened()
        log.log(.info, "database_opened", [
            ("path", path), ("integrity_check", clean ? "skipped_after_clean_shutdown" : "quick_check"),
        ])
    }

    /// Closes the store: queued writes commit first, whatever the deadline.
    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool {
        opened.withLock { $0 }?.close()
        return true
    }

    /// The store's counts (one query on a read connection), the lights judged at the clock's now.
    func status() -> Result<StoreStatistics, StoreError> {
        Result { () throws(StoreError) in try store.statistics(now: clock.now()) }
    }

    /// What happened to the database file, if it was deleted or replaced (cheap: no query).
    var databaseLost: String? { store.databaseLost }
}
