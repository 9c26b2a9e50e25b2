import Dispatch
import GridCore
import GridStore

/// Changes stored incidents, every change the same way: read the rows (one snapshot for many),
/// decide on them (`TransitionDecision`), prepare the writes, write them in one group-commit
/// operation as compare-and-set on the version read — and hand what committed to the sink.
///
/// It exists so that timers and worker actions take one path through the daemon and the store,
/// and so that the writer, the one thing that cannot be spread over the cores, only binds and
/// steps statements: the reads happen on a reader, and the decisions, with the encoding of the
/// columns, on this runner's own concurrent queue (`gridd.transitions`), beside the writer.
///
/// A row that moved on between its read and its write (another action or a timer committed
/// first) comes back stale with the row as it is now, and is decided again on that row: a timer
/// is then stale for good (exactly once); an action is decided again, up to `maxDecisions`
/// times. `Sendable`: everything it holds is immutable or thread-safe.
public final class TransitionRunner: Sendable {
    /// How many times one change is decided at most (again after each write found its row moved on).
    static let maxDecisions = 8

    /// One change to make: which incident, and how to decide it.
    private struct Item: Sendable {
        var incidentID: Int64
        var decision: TransitionDecision
    }

    /// An item after its decision: finished without a write, or a write to make.
    private enum Step: Sendable {
        case done(Result<TransitionOutcome, StoreError>)
        case write(PreparedTransition)
    }

    private let queue = DispatchQueue(label: "gridd.transitions", qos: .userInitiated, attributes: .concurrent)
    private let store: any TransitionStore
    private let city: CityModelBox
    private let clock: any WallClock
    private let sink: CommitSink

    public convenience init(store: IncidentStore, city: CityModelBox, clock: any WallClock, sink: CommitSink) {
        self.init(transitionsOf: store, city: city, clock: clock, sink: sink)
    }

    init(transitionsOf store: any TransitionStore, city: CityModelBox, clock: any WallClock, sink: CommitSink) {
        self.store = store
        self.city = city
        self.clock = clock
        self.sink = sink
    }

    /// Fires a slice of due timers (the lifecycle of the current configuration), in one read and
    /// one write operation; `completion` gets one result per timer, in order. A failed timer is
    /// logged (`timer_failed`); what the scheduler does with it is its business.
    func fire(_ timers: [ScheduledTimer], completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void) {
        let lifecycle = city.current.lifecycle
        run(timers.map { Item(incidentID: $0.incidentID, decision: .timer($0, lifecycle)) }) { [sink] results in
            for (timer, result) in zip(timers, results) {
                if case .failure(let error) = result { sink.timerFailed(timer, error) }
            }
            completion(results)
        }
    }

    /// Applies a person's action to incident `incidentID`; `completion` gets the outcome after
    /// COMMIT (and after the sink had it): applied, or unchanged, or why not.
    func act(
        _ action: WorkerAction, on incidentID: Int64, completion: @escaping @Sendable (Result<TransitionOutcome, StoreError>) -> Void
    ) {
        run([Item(incidentID: incidentID, decision: .action(action))]) { results in completion(results[0]) }
    }

    /// Read → decide → prepare → write for `items`; `completion` gets one result per item, in order.
    private func run(_ items: [Item], completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void) {
        store.incidents(ids: items.map(\.incidentID), on: queue) { [self] rows in
            let now = clock.now()
            let steps = zip(items, rows).map { item, row -> Step in
                switch row {
                case .failure(let error): return .done(.failure(error))
                case .success(nil): return .done(.failure(.noIncident(item.incidentID)))
                case .success(let current?): return Self.decide(item.decision, on: current, now: now)
                }
            }
            write(items, steps, decided: 1, completion: completion)
        }
    }

    /// Decides and prepares one item against `current` (on the runner's queue).
    private static func decide(_ decision: TransitionDecision, on current: Incident, now: Timestamp) -> Step {
        switch decision.decide(on: current, now: now) {
        case .stale: return .done(.success(.stale(current: current)))
        case .unchanged: return .done(.success(.unchanged(current)))
        case .refused(let error): return .done(.failure(.refused(error)))
        case .write(let change):
            do throws(StoreError) {
                return .write(try PreparedTransition(from: current, to: change))
            } catch {
                return .done(.failure(error))
            }
        }
    }

    /// Writes the steps that have a write, hands what committed to the sink, decides the stale
    /// ones again on their rows as they are now, and goes round until every item is done.
    private func write(
        _ items: [Item], _ steps: [Step], decided: Int,
        completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void
    ) {
        let writes = steps.indices.compactMap { index -> (Int, PreparedTransition)? in
            if case .write(let prepared) = steps[index] { return (index, prepared) }
            return nil
        }
        guard !writes.isEmpty else {
            return completion(steps.map { step in
                if case .done(let result) = step { return result }
                preconditionFailure("every step is done when nothing is left to write")
            })
        }
        store.apply(writes.map(\.1), on: queue) { [self] results in
            var steps = steps
            var committed: [CommitSink.Change] = []
            let now = clock.now()
            for ((index, _), result) in zip(writes, results) {
                switch result {
                case .success(.applied(let incident, let events)):
                    committed.append(CommitSink.Change(incident: incident, events: events))
                    steps[index] = .done(result)
                case .success(.stale(let current)) where decided < Self.maxDecisions:
                    steps[index] = Self.decide(items[index].decision, on: current, now: now)
                case .success(.stale):
                    steps[index] = .done(.failure(.refused(GridError(
                        .unavailable,
                        "incident \(items[index].incidentID) changed \(decided) times while this was decided; try again"))))
                default:
                    steps[index] = .done(result)
                }
            }
            if !committed.isEmpty { sink.committed(committed) }
            write(items, steps, decided: decided + 1, completion: completion)
        }
    }
}

/// What the runner needs of storage: rows by id in one snapshot, and prepared transitions
/// written as compare-and-set. `IncidentStore` in the daemon; tests script one (a row that moves
/// on between its read and its write, every time).
protocol TransitionStore: Sendable {
    func incidents(
        ids: [Int64], on queue: DispatchQueue, completion: @escaping @Sendable ([Result<Incident?, StoreError>]) -> Void)
    func apply(
        _ transitions: [PreparedTransition], on queue: DispatchQueue?,
        completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void)
}

extension IncidentStore: TransitionStore {}
