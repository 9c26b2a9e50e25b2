import Dispatch
import GridCore
import XCTest

@testable import GridStore

/// A transition written as a closure, as the lifecycle would build one: the row as it is in,
/// the change out (nil: nothing to do; a `GridError`: refused).
typealias TransitionBody = @Sendable (Incident) throws(GridError) -> IncidentTransition?

/// One transition after it was decided against a row: finished without a write, or a write.
enum DecidedStep: Sendable {
    case done(Result<TransitionOutcome, StoreError>)
    case write(PreparedTransition)

    /// Decides `body` against `current` as the daemon's runner does: stale unless `current` is at
    /// `expectedVersion` (a timer), unchanged when the body has nothing to do, refused when it
    /// throws, else prepared (which refuses what no transition may change).
    init(_ body: TransitionBody, on current: Incident, expectedVersion: Int64? = nil) {
        if let expectedVersion, expectedVersion != current.version {
            self = .done(.success(.stale(current: current)))
            return
        }
        do {
            guard let change = try body(current) else {
                self = .done(.success(.unchanged(current)))
                return
            }
            self = .write(try PreparedTransition(from: current, to: change))
        } catch {
            self = .done(.failure(StoreError(error)))
        }
    }

    /// Decided against a row as `IncidentStore.incidents(ids:)` read it.
    init(_ body: TransitionBody, on row: Result<Incident?, StoreError>, id: Int64, expectedVersion: Int64? = nil) {
        switch row {
        case .failure(let error): self = .done(.failure(error))
        case .success(nil): self = .done(.failure(.noIncident(id)))
        case .success(let current?): self.init(body, on: current, expectedVersion: expectedVersion)
        }
    }
}

extension XCTestCase {
    /// Reads the rows of `ids` in one snapshot (`IncidentStore.incidents(ids:)`) and waits.
    func readAndWait(_ store: IncidentStore, _ ids: [Int64]) -> [Result<Incident?, StoreError>] {
        let collector = Collector<[Result<Incident?, StoreError>]>()
        collector.expect()
        store.incidents(ids: ids, on: .global()) { collector.add($0) }
        collector.wait()
        return collector.all.first ?? []
    }

    /// Writes the steps that have a write, all in one operation (`IncidentStore.apply`), and
    /// calls `completion` with every step's outcome, in order, without waiting.
    func apply(
        _ steps: [DecidedStep], to store: IncidentStore,
        completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void
    ) {
        let writes = steps.indices.compactMap { index -> (Int, PreparedTransition)? in
            if case .write(let prepared) = steps[index] { return (index, prepared) }
            return nil
        }
        let finished = steps.compactMap { step -> Result<TransitionOutcome, StoreError>? in
            if case .done(let result) = step { return result }
            return nil
        }
        guard !writes.isEmpty else { return completion(finished) }
        store.apply(writes.map(\.1)) { written in
            var outcomes: [Int: Result<TransitionOutcome, StoreError>] = [:]
            for ((index, _), result) in zip(writes, written) { outcomes[index] = result }
            completion(steps.indices.map { index in
                if case .done(let result) = steps[index] { return result }
                return outcomes[index] ?? .failure(.closed)
            })
        }
    }

    /// `apply(_:to:completion:)`, waited for.
    func applyAndWait(_ steps: [DecidedStep], to store: IncidentStore) -> [Result<TransitionOutcome, StoreError>] {
        let collector = Collector<[Result<TransitionOutcome, StoreError>]>()
        collector.expect()
        apply(steps, to: store) { collector.add($0) }
        collector.wait()
        return collector.all.first ?? []
    }

    /// One transition through the store's API end to end — read the row, decide, prepare, write
    /// as compare-and-set — waited for.
    func transitionAndWait(
        _ store: IncidentStore, _ id: Int64, expectedVersion: Int64? = nil, _ body: @escaping TransitionBody
    ) -> Result<TransitionOutcome, StoreError> {
        let row = readAndWait(store, [id]).first ?? .failure(.closed)
        return applyAndWait([DecidedStep(body, on: row, id: id, expectedVersion: expectedVersion)], to: store).first
            ?? .failure(.closed)
    }
}
