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
            var round = Round(results: Array(repeating: nil, count: items.count))
            for (index, (item, row)) in zip(items, rows).enumerated() {
                switch row {
                case .failure(let error): round.results[index] = .failure(error)
                case .success(nil): round.results[index] = .failure(.noIncident(item.incidentID))
                case .success(let current?): round.decide(item.decision, on: current, now: now, for: index)
                }
            }
            write(items, round, decided: 1, completion: completion)
        }
    }

    /// Where a run stands: the results of the items that are done, the writes of the others.
    private struct Round: Sendable {
        var results: [Result<TransitionOutcome, StoreError>?]
        var writes: [PreparedTransition] = []
        /// The item of each write.
        var writeIndexes: [Int] = []

        /// Decides item `index` against `current` and prepares its write, or records its result.
        mutating func decide(_ decision: TransitionDecision, on current: Incident, now: Timestamp, for index: Int) {
            switch decision.decide(on: current, now: now) {
            case .stale: results[index] = .success(.stale(current: current))
            case .unchanged: results[index] = .success(.unchanged(current))
            case .refused(let error): results[index] = .failure(.refused(error))
            case .write(let change):
                do throws(StoreError) {
                    writes.append(try PreparedTransition(from: current, to: change))
                    writeIndexes.append(index)
                } catch {
                    results[index] = .failure(error)
                }
            }
        }
    }

    /// Writes the round's writes, hands what committed to the sink, decides the stale ones again
    /// on their rows as they are now, and goes round until every item is done.
    private func write(
        _ items: [Item], _ round: Round, decided: Int,
        completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void
    ) {
        guard !round.writes.isEmpty else {
            return completion(round.results.map { result in
                guard let result else { preconditionFailure("every item has its result when nothing is left to write") }
                return result
            })
        }
        store.apply(round.writes, on: queue) { [self] written in
            var next = Round(results: round.results)
            var committed: [CommitSink.Change] = []
            let now = clock.now()
            for (index, result) in zip(round.writeIndexes, written) {
                switch result {
                case .success(.applied(let incident, let events)):
                    committed.append(CommitSink.Change(incident: incident, events: events))
                    next.results[index] = result
                case .success(.stale(let current)) where decided < Self.maxDecisions:
                    next.decide(items[index].decision, on: current, now: now, for: index)
                case .success(.stale):
                    next.results[index] = .failure(.refused(GridError(
                        .unavailable, "incident \(items[index].incidentID) changed \(decided) times while this was decided; try again")))
                default:
                    next.results[index] = result
                }
            }
            if !committed.isEmpty { sink.committed(committed) }
            write(items, next, decided: decided + 1, completion: completion)
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
