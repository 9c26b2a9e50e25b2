import Dispatch
import GridCore
import GridSystem

/// The daemon's view of storage: submit incidents, read them, write prepared transitions of
/// them (`IncidentStore+Transitions`), list and count them.
///
/// It exists to keep SQL out of its callers, so that a PostgreSQL backend could be a new file
/// rather than a rewrite. It offers plain operations: no domain decisions run inside it and it
/// runs nothing on queues of its own beyond its connections' — one writer connection with group
/// commit (`GroupCommitWriter`), read connections on their own queues (`ReadPool`), so reads never
/// wait for writes, and the checkpointer's (`WALCheckpointer`). Completions run on the caller's
/// queue or `StoreOptions.completionQueue`. `Sendable`: all its state is in those, each confined
/// to its queue.
public final class IncidentStore: Sendable {
    public let path: String
    private let file: DatabaseFile
    private let writer: GroupCommitWriter
    let readers: ReadPool
    private let checkpointer: WALCheckpointer

    /// Opens (creating if needed, mode 0640) and migrates the database at `path`, then opens the
    /// writer and the readers. Refuses a corrupt database, and one with a newer schema, without
    /// modifying it; refuses to create a database where traces say one existed (`DatabaseFile`).
    public init(path: String, options: StoreOptions = StoreOptions()) throws(StoreError) {
        self.path = path
        let file = try DatabaseFile(path: path, traces: options.databaseTraces, onLost: options.onDatabaseLost ?? { _ in })
        self.file = file
        let connection: Connection
        do throws(StoreError) {
            connection = try DatabaseOpener.openWriter(path: path, options: options)
        } catch {
            file.close()
            throw error
        }
        do throws(SQLiteError) {
            readers = try ReadPool(
                path: path, count: options.readerCount, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
        } catch {
            connection.close()
            file.close()
            throw .sqlite(error)
        }
        connection.faultInjector = options.faultInjector
        let writer = GroupCommitWriter(
            connection: connection, groupCommitMax: options.groupCommitMax, completionQueue: options.completionQueue
                ?? DispatchQueue(label: "gridd.store.completions", qos: .userInitiated, attributes: .concurrent),
            preflight: { file.check() })
        self.writer = writer
        do throws(SQLiteError) {
            checkpointer = try WALCheckpointer(
                path: path, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds,
                commitCount: { writer.committedBatches })
        } catch {
            writer.close()
            readers.close()
            file.close()
            throw .sqlite(error)
        }
        do throws(StoreError) {
            try file.confirmOpened()
        } catch {
            close()
            throw error
        }
    }

    /// Whether the database file was found deleted or replaced while open (checked now: one
    /// stat(2)), and what happened to it. Once lost, every write fails with `.databaseLost`.
    public var databaseLost: String? { file.lostDetail }

    // MARK: Writes

    /// Stores a new incident with its first event, in the next group commit; `completion` runs after
    /// the commit. Idempotency keys belong to their submitter (`incident.createdBy.uid`): if that
    /// submitter's `incident.key` is already stored — by an earlier commit or earlier in the same
    /// batch — nothing is written, and the stored incident comes back with `created == false` when
    /// its content is the same (same `keyDigest`, or either digest unknown), or the submit fails
    /// with `.refused(key_conflict)` when it is not. The same key from another submitter is another key.
    /// `incident.id` and `event.incidentID` are ignored: the store assigns them.
    /// - Parameter keyDigest: the SHA-256 of the report's content (`ReportDigest`), stored with the key.
    public func submit(
        _ incident: Incident, event: IncidentEvent, keyDigest: [UInt8]? = nil,
        completion: @escaping @Sendable (Result<IntakeOutcome, StoreError>) -> Void
    ) {
        submit(BatchItem(incident: incident, event: event, keyDigest: keyDigest), completion: completion)
    }

    /// `submit` of an item prepared off the caller's hot path (its row values built already).
    public func submit(_ item: BatchItem, completion: @escaping @Sendable (Result<IntakeOutcome, StoreError>) -> Void) {
        writer.enqueue({ context in try IncidentQueries.intake(item.prepared, in: context) }) { result in
            completion(Self.outcome(result, of: item.prepared))
        }
    }

    /// What the caller gets for an intake: the outcome put together from the prepared item and
    /// what the writer returned, or the refusal or failure.
    private static func outcome(
        _ result: Result<IncidentQueries.IntakeResult, StoreError>, of prepared: IncidentQueries.PreparedIntake
    ) -> Result<IntakeOutcome, StoreError> {
        switch result {
        case .success(let intake):
            do throws(StoreError) {
                return .success(try intake.get(prepared))
            } catch {
                return .failure(error)
            }
        case .failure(let error): return .failure(error)
        }
    }

    /// One report as intake stores it: the incident, its first event and the content digest
    /// kept with its key, with the row values built at once — off the writer, by whoever makes
    /// the item — so that `submit` and `submitBatch` copy nothing more on their way to it.
    public struct BatchItem: Sendable {
        let prepared: IncidentQueries.PreparedIntake

        public init(incident: Incident, event: IncidentEvent, keyDigest: [UInt8]?) {
            prepared = IncidentQueries.PreparedIntake(incident, event: event, keyDigest: keyDigest)
        }
    }

    /// Stores a gateway's batch as one group-commit operation — one closure and one completion
    /// for all of it — each report as `submit` would (its key, its conflict), each standing alone:
    /// should one fail, the batch runs again with a savepoint around each report, and only that
    /// one is refused. `completion` gets the outcomes in order, after COMMIT.
    public func submitBatch(
        _ items: [BatchItem], completion: @escaping @Sendable ([Result<IntakeOutcome, StoreError>]) -> Void
    ) {
        writer.enqueue(weight: items.count, { context in try IncidentQueries.intake(batch: items, in: context) }) { result in
            switch result {
            case .success(let results):
                var outcomes: [Result<IntakeOutcome, StoreError>] = []
                outcomes.reserveCapacity(results.count)
                for index in results.indices { outcomes.append(Self.outcome(results[index], of: items[index].prepared)) }
                completion(outcomes)
            case .failure(let error):
                completion(Array(repeating: .failure(error), count: items.count))
            }
        }
    }

    /// The general write path for operations of this module (intake, transitions, the outbox):
    /// `operation` runs on the writer in its own savepoint of a group commit, `completion` after COMMIT.
    func write<T: Sendable>(
        on completionQueue: DispatchQueue? = nil,
        _ operation: @escaping @Sendable (WriteContext) throws -> T,
        completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        writer.enqueue(on: completionQueue, operation, completion: completion)
    }

    // MARK: Reads

    public func incident(id: Int64) throws(StoreError) -> Incident? {
        try readers.read { connection throws(StoreError) in try IncidentQueries.incident(id: id, on: connection) }
    }

    /// The incident's audit trail, oldest first.
    public func events(incidentID: Int64) throws(StoreError) -> [IncidentEvent] {
        try readers.read { connection throws(StoreError) in
            try IncidentQueries.events(incidentID: incidentID, on: connection)
        }
    }

    /// Incidents matching `filter`, newest first, at most `filter.effectiveLimit` (the lights of
    /// `overdueOnly` and `nearDeadline` judged at `filter.now`).
    public func incidents(matching filter: IncidentFilter) throws(StoreError) -> [Incident] {
        try readers.read { connection throws(StoreError) in
            try IncidentQueries.incidents(matching: filter, on: connection)
        }
    }

    /// Every pending deadline (one per incident that has one), ordered by time, then incident id:
    /// what the scheduler's min-heap is rebuilt from at start-up. Reads the partial index on
    /// `next_timer_at` only (a closed, cancelled or deferred incident is not in it).
    public func pendingTimers() throws(StoreError) -> [ScheduledTimer] {
        try readers.read { connection throws(StoreError) in try IncidentQueries.pendingTimers(on: connection) }
    }

    /// Counts of the store; the red (超期) and yellow cases as their lights are at `now`.
    public func statistics(now: Timestamp) throws(StoreError) -> StoreStatistics {
        var statistics = try readers.read { connection throws(StoreError) in
            try IncidentQueries.statistics(now: now, on: connection)
        }
        statistics.databaseLost = file.lostDetail
        statistics.databaseBytes = Self.fileSize(path)
        statistics.walBytes = Self.fileSize(path + "-wal")
        statistics.committedBatches = writer.committedBatches
        statistics.committedWrites = writer.committedOperations
        statistics.failedBatches = writer.failedBatches
        let checkpoints = checkpointer.statistics
        statistics.checkpoints = checkpoints.checkpoints
        statistics.checkpointFailures = checkpoints.failures
        statistics.lastCheckpointError = checkpoints.lastError
        return statistics
    }

    /// Transactions the writer has committed since open (each holds one or more writes).
    public var committedBatches: Int { writer.committedBatches }

    // MARK: Closing

    /// Refuses new writes, commits every write already queued (their completions are scheduled before
    /// this returns), then closes every connection. Later calls fail with `StoreError.closed`.
    /// Must not be called from inside a write operation. Idempotent.
    public func close() {
        checkpointer.close()
        writer.close()
        readers.close()
        file.close()
    }

    /// The size of the file at `path` (0 when there is none).
    private static func fileSize(_ path: String) -> Int64 {
        (try? FileIdentity.of(path: path).size) ?? 0
    }
}
