import CSQLite
import Dispatch
import GridCore
import Synchronization

/// The transactional outbox of notifications: which events get one (a TEMP trigger on the
/// writer, from `[Notify] Events=`), which are due, and what became of each run.
///
/// It exists so that a notification is written in the same transaction as its event — an event
/// that committed has its notification, one rolled back has none — without the intake and timer
/// paths knowing about notifications at all, and so that delivery survives restarts: the rows
/// are the queue. Reads go through a read connection of its own on its own queue (WAL: never
/// behind the writer); changes go through the store's group-commit writer. `Sendable`: the
/// connection is confined to `queue`, the rest is immutable or locked.
public final class NotificationOutbox: @unchecked Sendable {
    // @unchecked: `connection` is only touched on `queue` (checked).
    private let store: IncidentStore
    private let queue = DispatchQueue(label: "gridd.store.outbox", qos: .utility)
    private var connection: Connection?
    private let wake: OutboxWake

    /// Opens a read connection to the store's database (which must be open, so migrated).
    public init(store: IncidentStore, busyTimeoutMilliseconds: Int32 = 5000) throws(StoreError) {
        self.store = store
        do throws(SQLiteError) {
            let connection = try Connection(
                path: store.path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            try connection.execute("PRAGMA query_only = ON")
            self.connection = connection
        } catch {
            throw .sqlite(error)
        }
        wake = OutboxWake(enqueue: { [weak store] operation, completion in
            guard let store else { return completion(.failure(.closed)) }
            store.write(operation, completion: completion)
        })
    }

    /// What runs (off the writer) after each commit that wrote outbox rows.
    public func onRowsCommitted(_ handler: (@Sendable () -> Void)?) { wake.setHandler(handler) }

    /// Makes events of `kinds` get an outbox row from the next write on (none: no rows). Queued
    /// on the writer like any write, so a write queued after this call sees the new trigger.
    public func notify(kinds: [IncidentEvent.Kind], completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        let wake = self.wake
        store.write({ context in
            try context.execute(OutboxQueries.dropTrigger)
            guard !kinds.isEmpty else { return }
            try wake.registerOnce(on: context.connection)
            try context.execute(OutboxQueries.triggerSQL(kinds: kinds))
        }, completion: completion)
    }

    /// Waits for `notify(kinds:)`; the error, if any.
    public func notifyAndWait(kinds: [IncidentEvent.Kind]) -> StoreError? {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<StoreError?>(nil)
        notify(kinds: kinds) { result in
            if case .failure(let error) = result { outcome.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        return outcome.withLock { $0 }
    }

    // MARK: Reads

    /// Pending rows due at `now` (real time), earliest first, at most `limit`.
    public func due(now: Timestamp, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try read { connection throws(StoreError) in try OutboxQueries.due(now: now, limit: limit, on: connection) }
    }

    /// When the earliest pending row due later than `after` is due; nil when there is none.
    public func nextDue(after: Timestamp) throws(StoreError) -> Timestamp? {
        try read { connection throws(StoreError) in try OutboxQueries.nextDue(after: after, on: connection) }
    }

    public func statistics() throws(StoreError) -> OutboxStatistics {
        try read { connection throws(StoreError) in try OutboxQueries.statistics(on: connection) }
    }

    private func read<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        dispatchPrecondition(condition: .notOnQueue(queue))
        let result: Result<T, StoreError> = queue.sync {
            dispatchPrecondition(condition: .onQueue(queue))
            guard let connection else { return .failure(.closed) }
            do throws(StoreError) {
                return .success(try body(connection))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Writes (group commit; `completion` after COMMIT)

    /// A run of notification `seq` exited 0 at `at`.
    public func recordDelivered(seq: Int64, at: Timestamp, completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        store.write({ context in try OutboxQueries.delivered(seq: seq, at: at, in: context) }, completion: completion)
    }

    /// A run of notification `seq` failed at `at` with `error`; the next is due at `nextAttemptAt`,
    /// or, with `gaveUp`, never.
    public func recordFailed(
        seq: Int64, at: Timestamp, error: String, nextAttemptAt: Timestamp, gaveUp: Bool,
        completion: @escaping @Sendable (Result<Void, StoreError>) -> Void
    ) {
        store.write({ context in
            try OutboxQueries.failed(seq: seq, at: at, error: error, nextAttemptAt: nextAttemptAt, gaveUp: gaveUp, in: context)
        }, completion: completion)
    }

    /// Closes the read connection; later reads fail with `.closed`. The trigger lives on the
    /// writer connection and goes when the store closes.
    public func close() {
        wake.setHandler(nil)
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            connection?.close()
            connection = nil
        }
    }
}
