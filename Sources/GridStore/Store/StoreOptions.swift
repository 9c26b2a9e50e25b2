import Dispatch

/// How the store opens and runs its connections. The defaults suit the daemon; tests shrink them.
public struct StoreOptions: Sendable {
    /// How long a connection waits for a lock held by another process before failing with `SQLITE_BUSY`.
    public var busyTimeoutMilliseconds: Int32 = 5000
    /// The most queued write operations committed in one transaction.
    public var groupCommitMax: Int = 4096
    /// Read connections, each on its own queue. Reads never wait for the writer (WAL). Three: a
    /// report of the whole city holds two (`reportFacts(_:parts:_:)`) and lookups keep one.
    public var readerCount: Int = 3
    /// Run `PRAGMA quick_check` at open and refuse a damaged database. Costs a read of the whole file.
    public var quickCheckAtOpen: Bool = true
    /// Where write completions run when the caller names no queue: the caller's code, off the
    /// writer (never on the writer's queue); the store itself runs nothing there. The daemon
    /// passes its own; nil gives the writer a concurrent queue of its own for them
    /// (`gridd.store.completions`).
    public var completionQueue: DispatchQueue?
    /// Test hook for fault injection: consulted before each write statement on the writer connection
    /// (and before `BEGIN` and `COMMIT`) with the statement's SQL; returning an SQLite result code
    /// (`SQLITE_FULL`, `SQLITE_IOERR`, …) makes that statement fail with it instead of running.
    /// Reads, `SAVEPOINT`, `RELEASE` and `ROLLBACK` are never failed. Nil (the default) in production.
    public var faultInjector: (@Sendable (String) -> Int32?)?
    /// Files whose presence says that a database existed (e.g. the daemon's clean-shutdown
    /// marker), besides the database's own `-wal`, `-shm` and identity file: when the database is
    /// missing and any of them is there, the store refuses to create an empty one
    /// (`StoreError.databaseMissing`).
    public var databaseTraces: [String] = []
    /// Called once, from whichever thread noticed, when the database file is found deleted or
    /// replaced while open (the detail says which); from then on every write fails with
    /// `StoreError.databaseLost`.
    public var onDatabaseLost: (@Sendable (String) -> Void)?
    /// The zone the operator views write times in (`OperatorViews`): set, the views are created
    /// again at open when theirs differ; nil (the default) leaves them as they are (the
    /// migrations write UTC).
    public var viewTimes: ViewTimes?
    /// Called (at open, on the opening thread) when the views could not be written in
    /// `viewTimes`' zone: the store opens all the same, with the views it had — they are for
    /// people reading with `sqlite3`, and no reason to refuse reports.
    public var onViewsNotWritten: (@Sendable (String) -> Void)?

    public init(
        busyTimeoutMilliseconds: Int32 = 5000, groupCommitMax: Int = 4096, readerCount: Int = 3,
        quickCheckAtOpen: Bool = true, completionQueue: DispatchQueue? = nil,
        faultInjector: (@Sendable (String) -> Int32?)? = nil
    ) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.groupCommitMax = groupCommitMax
        self.readerCount = readerCount
        self.quickCheckAtOpen = quickCheckAtOpen
        self.completionQueue = completionQueue
        self.faultInjector = faultInjector
    }
}
