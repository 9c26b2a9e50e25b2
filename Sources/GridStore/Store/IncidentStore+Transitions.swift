import Dispatch
import GridCore

extension IncidentStore {
    /// Reads the rows of `ids` in one read transaction (one snapshot for all of them) on a read
    /// connection, without waiting for it: `completion` gets, on `queue`, one result per id in
    /// the order of `ids` — the row, nil when there is no such incident, or why it could not be
    /// read (a row that does not decode fails alone).
    ///
    /// With `PreparedTransition` and `apply` it is how an incident changes: read, decide (the
    /// daemon's business), prepare, write as compare-and-set.
    public func incidents(
        ids: [Int64], on queue: DispatchQueue, completion: @escaping @Sendable ([Result<Incident?, StoreError>]) -> Void
    ) {
        readers.readAsync({ connection throws(StoreError) in
            // One read transaction for all of them: one WAL snapshot instead of one per row.
            try? connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            return ids.map { id in
                Result { () throws(StoreError) in try IncidentQueries.incident(id: id, on: connection) }
            }
        }, on: queue) { rows in
            switch rows {
            case .success(let rows): completion(rows)
            case .failure(let error): completion(ids.map { _ in .failure(error) })
            }
        }
    }

    /// Writes `transitions` in order, as one operation of the next group commit, each as a
    /// compare-and-set on the version it was prepared from; `completion` gets one result per
    /// transition, in order, after COMMIT (on `queue`, or the store's completion queue):
    ///
    /// - `.applied` with the events' `seq`;
    /// - `.stale(current:)` when the row had moved on since it was read (nothing written; `current`
    ///   is the row as it is in the transaction) — the caller decides again, or not (a timer);
    /// - a failure for that transition alone (a constraint, a row gone: `.refused(not_found)`),
    ///   or for all of them when the transaction failed as a whole.
    ///
    /// The writer only binds and steps: the operation runs inside one savepoint, and if any
    /// transition fails it is rolled back to it and run again with a savepoint per transition, so
    /// that one bad row fails only itself. Transitions of one incident may be chained (each
    /// prepared from the one before it): they apply in order.
    public func apply(
        _ transitions: [PreparedTransition], on queue: DispatchQueue? = nil,
        completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void
    ) {
        write(on: queue, { context in try TransitionBatch.apply(transitions, in: context) }) { result in
            switch result {
            case .success(let outcomes): completion(outcomes)
            case .failure(let error): completion(transitions.map { _ in .failure(error) })
            }
        }
    }
}

extension StoreError {
    /// The refusal for an incident that is not there (read or written).
    public static func noIncident(_ id: Int64) -> StoreError {
        .refused(GridError(.notFound, "no incident \(id)"))
    }
}

/// The write operation behind `IncidentStore.apply`.
enum TransitionBatch {
    static func apply(
        _ transitions: [PreparedTransition], in context: WriteContext
    ) throws -> [Result<TransitionOutcome, StoreError>] {
        let connection = context.connection
        try connection.executeCached("SAVEPOINT transitions")
        var outcomes: [Result<TransitionOutcome, StoreError>] = []
        outcomes.reserveCapacity(transitions.count)
        do {
            for prepared in transitions { outcomes.append(try write(prepared, in: context)) }
            try connection.executeCached("RELEASE transitions")
            return outcomes
        } catch {
            // SQLite may have rolled the whole transaction back (disk full, I/O error): then the
            // writer fails the batch as a whole.
            guard connection.isInTransaction else { throw error }
            try connection.executeCached("ROLLBACK TO transitions")
        }
        outcomes.removeAll(keepingCapacity: true)
        for prepared in transitions {
            try connection.executeCached("SAVEPOINT transition")
            do {
                outcomes.append(try write(prepared, in: context))
                try connection.executeCached("RELEASE transition")
            } catch {
                guard connection.isInTransaction else { throw error }
                try connection.executeCached("ROLLBACK TO transition")
                try connection.executeCached("RELEASE transition")
                outcomes.append(.failure(StoreError(error)))
            }
        }
        try connection.executeCached("RELEASE transitions")
        return outcomes
    }

    /// Applied, or stale with the row as it is now, or not found (nothing written either way).
    private static func write(
        _ prepared: PreparedTransition, in context: WriteContext
    ) throws -> Result<TransitionOutcome, StoreError> {
        if let applied = try IncidentQueries.apply(prepared, in: context) { return .success(applied) }
        guard let current = try IncidentQueries.currentRow(prepared.incidentID, in: context) else {
            return .failure(.noIncident(prepared.incidentID))
        }
        return .success(.stale(current: current))
    }
}
