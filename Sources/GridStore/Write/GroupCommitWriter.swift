import Dispatch
import Synchronization

/// The one write connection, on its own serial queue, committing many operations per transaction.
///
/// It exists because an fsync per report would cap intake at a few hundred reports a second:
/// operations queue up while a commit is on disk, and the next transaction takes them all
/// (up to `groupCommitMax` of weight: an operation weighs what it writes — a batch of reports its
/// reports, most operations 1 — and one heavier than the maximum goes alone). When an operation
/// fails, the batch runs again with each operation inside its own `SAVEPOINT` (see `run`), so one
/// that fails rolls back only itself and gets its own error. Completions are called only after `COMMIT`
/// returned — acknowledged means durable — and never on the writer's queue, so a slow caller
/// cannot stall the writer. If `BEGIN` or `COMMIT` fails (or SQLite rolls the transaction back by
/// itself after a disk-full or I/O error) every operation of the batch fails with that error.
public final class GroupCommitWriter: @unchecked Sendable {
    // @unchecked: `connection` and `context` are only touched on `queue` (a serial queue; checked
    // where the work on it starts, `drain`, and by `WriteContext`); everything else shared is
    // inside `state` (a Mutex).

    /// A queued operation, its result type erased.
    private struct Pending: Sendable {
        /// Runs on the writer queue; on success returns the call that delivers the result.
        var run: @Sendable (WriteContext) -> Result<Delivery, StoreError>
        /// Delivers a failure (on the completion queue).
        var fail: @Sendable (StoreError) -> Void
        /// What it counts for against `groupCommitMax`.
        var weight: Int
    }

    /// A committed operation's result, ready to hand to its completion on its queue.
    private struct Delivery: Sendable {
        var queue: DispatchQueue
        var deliver: @Sendable () -> Void
    }

    private struct State {
        var pending: [Pending] = []
        var drainScheduled = false
        var closed = false
        var committedBatches = 0
        var committedOperations = 0
        var failedBatches = 0
    }

    private let queue: DispatchQueue
    private let connection: Connection
    private let context: WriteContext
    private let groupCommitMax: Int
    private let completionQueue: DispatchQueue
    private let preflight: (@Sendable () -> StoreError?)?
    private let state = Mutex(State())

    /// Takes ownership of `connection`, which must not be used elsewhere afterwards.
    /// - Parameter preflight: run before each batch's `BEGIN`; an error fails the whole batch
    ///   without touching the database (the store checks there that its file is still in place).
    public init(
        connection: Connection, groupCommitMax: Int = 512, completionQueue: DispatchQueue,
        preflight: (@Sendable () -> StoreError?)? = nil
    ) {
        let queue = DispatchQueue(label: "gridd.store.writer", qos: .userInitiated)
        self.queue = queue
        self.connection = connection
        self.context = WriteContext(connection: connection, queue: queue)
        self.groupCommitMax = max(1, groupCommitMax)
        self.completionQueue = completionQueue
        self.preflight = preflight
    }

    /// Transactions committed so far (each holding one or more operations).
    public var committedBatches: Int { state.withLock { $0.committedBatches } }
    /// Operations committed so far.
    public var committedOperations: Int { state.withLock { $0.committedOperations } }
    /// Batches lost to a failed `BEGIN` or `COMMIT`.
    public var failedBatches: Int { state.withLock { $0.failedBatches } }

    /// Queues `operation`; `completion` gets its result on `completionQueue` (or the writer's default)
    /// after the transaction holding it has committed — or failed.
    /// - Parameter weight: what it counts for against `groupCommitMax` (a batch: its reports).
    public func enqueue<T: Sendable>(
        on completionQueue: DispatchQueue? = nil, weight: Int = 1,
        _ operation: @escaping @Sendable (WriteContext) throws -> T,
        completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        let target = completionQueue ?? self.completionQueue
        let pending = Pending(
            run: { context in
                do {
                    let value = try operation(context)
                    return .success(Delivery(queue: target, deliver: { completion(.success(value)) }))
                } catch {
                    return .failure(StoreError(error))
                }
            },
            fail: { error in target.async { completion(.failure(error)) } }, weight: max(1, weight))
        let (accepted, schedule) = state.withLock { state -> (Bool, Bool) in
            if state.closed { return (false, false) }
            state.pending.append(pending)
            if state.drainScheduled { return (true, false) }
            state.drainScheduled = true
            return (true, true)
        }
        if !accepted {
            pending.fail(.closed)
        } else if schedule {
            queue.async { self.drain() }
        }
    }

    /// Refuses new operations, commits everything already queued (their completions are scheduled),
    /// then closes the connection. Must not be called from a write operation. Idempotent.
    public func close() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        state.withLock { $0.closed = true }
        queue.sync {
            drain()
            connection.close()
        }
    }

    // MARK: On the writer queue

    private func drain() {
        dispatchPrecondition(condition: .onQueue(queue))
        while true {
            let batch = state.withLock { state -> [Pending] in
                var count = 0
                var weight = 0
                while count < state.pending.count, count == 0 || weight + state.pending[count].weight <= groupCommitMax {
                    weight += state.pending[count].weight
                    count += 1
                }
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                if batch.isEmpty { state.drainScheduled = false }
                return batch
            }
            if batch.isEmpty { return }
            run(batch)
            // The operations hold what they wrote (an intake's prepared row: dozens of values):
            // the last reference goes to the completion queue, so that memory is freed there
            // rather than on the writer, the one thread every write waits for.
            completionQueue.async { withExtendedLifetime(batch) {} }
        }
    }

    private enum Outcome {
        case success(Delivery)
        case failure(StoreError)
    }

    /// Completions go out in chunks: one Dispatch block per chunk rather than one per operation
    /// keeps thread wake-ups off the intake path, and several chunks still spread the response
    /// encoding over the cores.
    static let deliveryChunk = 64

    private func run(_ batch: [Pending]) {
        if connection.isClosed {
            for pending in batch { pending.fail(.closed) }
            return
        }
        if let preflight, let error = preflight() {
            failBatch(batch, with: error)
            return
        }
        // Optimistic first: the whole batch without savepoints (two fewer statements per
        // operation). If any operation fails, roll back and run the batch again with a savepoint
        // around each, so that only the failing one is undone. Operations only touch the database,
        // so running one again in a fresh transaction is safe.
        switch attempt(batch, isolating: false) {
        case .committed(let outcomes):
            deliver(batch, outcomes)
        case .operationFailed:
            if connection.isInTransaction { try? connection.executeCached("ROLLBACK") }
            if case .committed(let outcomes) = attempt(batch, isolating: true) { deliver(batch, outcomes) }
        case .batchFailed:
            break
        }
    }

    private enum Attempt {
        case committed([Outcome])
        /// An operation failed on the optimistic path; nothing was delivered.
        case operationFailed
        /// The batch failed as a whole and every operation was told so.
        case batchFailed
    }

    private func attempt(_ batch: [Pending], isolating: Bool) -> Attempt {
        context.isolating = isolating
        do throws(SQLiteError) {
            try connection.executeCached("BEGIN IMMEDIATE")
        } catch {
            failBatch(batch, with: .sqlite(error))
            return .batchFailed
        }
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(batch.count)
        for pending in batch {
            if !isolating {
                switch pending.run(context) {
                case .success(let delivery):
                    outcomes.append(.success(delivery))
                    continue
                case .failure(let error):
                    guard connection.isInTransaction else {
                        failBatch(batch, with: error)
                        return .batchFailed
                    }
                    return .operationFailed
                }
            }
            do throws(SQLiteError) {
                try connection.executeCached("SAVEPOINT operation")
            } catch {
                failBatch(batch, with: .sqlite(error))
                return .batchFailed
            }
            switch pending.run(context) {
            case .success(let delivery):
                do throws(SQLiteError) {
                    try connection.executeCached("RELEASE operation")
                    outcomes.append(.success(delivery))
                } catch {
                    failBatch(batch, with: .sqlite(error))
                    return .batchFailed
                }
            case .failure(let error):
                // SQLite rolls the whole transaction back by itself after some errors (disk full,
                // I/O error): then the work of the operations before this one is gone too.
                guard connection.isInTransaction else {
                    failBatch(batch, with: error)
                    return .batchFailed
                }
                do throws(SQLiteError) {
                    try connection.executeCached("ROLLBACK TO operation")
                    try connection.executeCached("RELEASE operation")
                    outcomes.append(.failure(error))
                } catch {
                    failBatch(batch, with: .sqlite(error))
                    return .batchFailed
                }
            }
        }
        do throws(SQLiteError) {
            try connection.executeCached("COMMIT")
        } catch {
            failBatch(batch, with: .sqlite(error))
            return .batchFailed
        }
        return .committed(outcomes)
    }

    /// Counts a committed batch and hands each operation its result.
    private func deliver(_ batch: [Pending], _ outcomes: [Outcome]) {
        let succeeded = outcomes.reduce(0) { count, outcome in
            if case .success = outcome { return count + 1 }
            return count
        }
        state.withLock {
            $0.committedBatches += 1
            $0.committedOperations += succeeded
        }
        var chunks: [ObjectIdentifier: (queue: DispatchQueue, blocks: [@Sendable () -> Void])] = [:]
        for (pending, outcome) in zip(batch, outcomes) {
            switch outcome {
            case .success(let delivery):
                let key = ObjectIdentifier(delivery.queue)
                chunks[key, default: (delivery.queue, [])].blocks.append(delivery.deliver)
                if let full = chunks[key], full.blocks.count >= Self.deliveryChunk {
                    chunks[key] = nil
                    full.queue.async { for block in full.blocks { block() } }
                }
            case .failure(let error): pending.fail(error)
            }
        }
        for chunk in chunks.values {
            chunk.queue.async { for block in chunk.blocks { block() } }
        }
    }

    /// Rolls back whatever is left of the transaction and fails every operation of the batch.
    private func failBatch(_ batch: [Pending], with error: StoreError) {
        if connection.isInTransaction { try? connection.executeCached("ROLLBACK") }
        state.withLock { $0.failedBatches += 1 }
        for pending in batch { pending.fail(error) }
    }
}
