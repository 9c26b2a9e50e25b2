import Dispatch
import GridCore

extension IncidentStore {
    /// Applies many due timers: each is a `transition` with its expected version (exactly once: a
    /// stale one does nothing), and `completion` gets every outcome, in the order of `timers`, once,
    /// after COMMIT (or at once for those that needed no write).
    ///
    /// It exists for bursts (100,000 deadlines falling due in the same second). The rows are read,
    /// and `body` run and the columns encoded, on a read connection — beside the writer, not on
    /// it; the writer then only runs each `UPDATE … WHERE id = ? AND version = ?` and the events'
    /// INSERTs. A row that moved on between the read and the write (a worker acted meanwhile) is
    /// not written and comes back `.stale` with the row as it is then. One queued write operation,
    /// one completion per slice; the slice runs inside one savepoint, and if any timer fails it is
    /// rolled back to it and run again with a savepoint per timer, so that one bad row fails only itself.
    public func fireTimers(
        _ timers: [ScheduledTimer],
        _ body: @escaping @Sendable (ScheduledTimer, Incident) throws(GridError) -> IncidentTransition?,
        completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void
    ) {
        readers.readAsync({ connection throws(StoreError) in
            // One read transaction for the slice: one WAL snapshot instead of one per row.
            try? connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            return timers.map { timer in
                Result { () throws(StoreError) in try IncidentQueries.incident(id: timer.incidentID, on: connection) }
            }
        }, completion: { [self] rows in
            // Off the reader's queue (it serves the next slice's read meanwhile): the lifecycle
            // runs on the global queue, beside the writer and the readers.
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                let steps: [TimerBatch.Step]
                switch rows {
                case .success(let rows): steps = zip(timers, rows).map { Self.prepare($0, $1, body) }
                case .failure(let error): steps = timers.map { _ in .failed(error) }
                }
                write({ context in try TimerBatch.apply(steps, in: context) }) { result in
                    switch result {
                    case .success(let outcomes): completion(outcomes)
                    case .failure(let error): completion(Array(repeating: .failure(error), count: timers.count))
                    }
                }
            }
        })
    }

    /// One timer's transition prepared against its row as read.
    private static func prepare(
        _ timer: ScheduledTimer, _ row: Result<Incident?, StoreError>,
        _ body: (ScheduledTimer, Incident) throws(GridError) -> IncidentTransition?
    ) -> TimerBatch.Step {
        switch row {
        case .failure(let error):
            return .failed(error)
        case .success(nil):
            return .failed(.refused(GridError(.notFound, "no incident \(timer.incidentID)")))
        case .success(let current?):
            do {
                let step = try IncidentQueries.prepare(current: current, expectedVersion: timer.version) {
                    incident throws(GridError) in try body(timer, incident)
                }
                switch step {
                case .done(let outcome): return .done(outcome)
                case .write(let prepared): return .write(prepared)
                }
            } catch {
                return .failed(StoreError(error))
            }
        }
    }
}

/// The write operation behind `IncidentStore.fireTimers`.
enum TimerBatch {
    /// One timer after preparation.
    enum Step: Sendable {
        /// Decided without writing (stale at the read, unchanged).
        case done(TransitionOutcome)
        /// Refused or failed before the write (not found, undecodable row, the body refused).
        case failed(StoreError)
        case write(PreparedTransition)
    }

    static func apply(_ steps: [Step], in context: WriteContext) throws -> [Result<TransitionOutcome, StoreError>] {
        let connection = context.connection
        try connection.executeCached("SAVEPOINT timer_batch")
        var outcomes: [Result<TransitionOutcome, StoreError>] = []
        outcomes.reserveCapacity(steps.count)
        do {
            for step in steps { outcomes.append(try outcome(of: step, in: context)) }
            try connection.executeCached("RELEASE timer_batch")
            return outcomes
        } catch {
            // SQLite may have rolled the whole transaction back (disk full, I/O error): then the
            // writer fails the batch as a whole.
            guard connection.isInTransaction else { throw error }
            try connection.executeCached("ROLLBACK TO timer_batch")
        }
        outcomes.removeAll(keepingCapacity: true)
        for step in steps {
            try connection.executeCached("SAVEPOINT timer")
            do {
                outcomes.append(try outcome(of: step, in: context))
                try connection.executeCached("RELEASE timer")
            } catch {
                guard connection.isInTransaction else { throw error }
                try connection.executeCached("ROLLBACK TO timer")
                try connection.executeCached("RELEASE timer")
                outcomes.append(.failure(StoreError(error)))
            }
        }
        try connection.executeCached("RELEASE timer_batch")
        return outcomes
    }

    private static func outcome(of step: Step, in context: WriteContext) throws -> Result<TransitionOutcome, StoreError> {
        switch step {
        case .done(let outcome):
            return .success(outcome)
        case .failed(let error):
            return .failure(error)
        case .write(let prepared):
            if let applied = try IncidentQueries.apply(prepared, in: context) { return .success(applied) }
            // Moved on since it was read: the timer is stale.
            guard let current = try IncidentQueries.currentRow(prepared.incidentID, in: context) else {
                return .failure(.refused(GridError(.notFound, "no incident \(prepared.incidentID)")))
            }
            return .success(.stale(current: current))
        }
    }
}
