import Dispatch
import GridStore

extension DeadlineScheduler {
    /// The scheduler as one of the daemon's components, firing through a `TransitionRunner` (which
    /// is made after the scheduler: its `CommitSink` hands next deadlines to the scheduler). Its
    /// start loads the pending timers and fires the missed ones; its stop stops firing (slices
    /// already handed to the runner still commit before the store closes).
    struct Firing: DaemonComponent {
        let scheduler: DeadlineScheduler
        let runner: TransitionRunner
        /// The database, for the message when the timers cannot be loaded.
        let database: String

        init(_ scheduler: DeadlineScheduler, through runner: TransitionRunner, database: String) {
            self.scheduler = scheduler
            self.runner = runner
            self.database = database
        }

        var name: String { "scheduler" }

        func start() throws(DaemonStartError) {
            do throws(StoreError) {
                try scheduler.start(firingThrough: runner)
            } catch {
                throw DaemonStartError("cannot load pending deadlines from \(database): \(error)")
            }
        }

        func beginStopping(_ cause: StopCause) { scheduler.stop() }

        func status() -> DeadlineScheduler.Snapshot { scheduler.snapshot() }
    }
}
