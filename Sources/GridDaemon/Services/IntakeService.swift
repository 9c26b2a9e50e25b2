import GridCore
import GridStore
import Synchronization

/// Turns a decoded report into a stored, scheduled incident: category check, routing, the
/// lifecycle's first step with the policy snapshot, group commit, and — only after COMMIT, by
/// the `CommitSink` — the log line and the first deadline. Shared by the socket and the spool.
public final class IntakeService: Sendable {
    private let city: CityModelBox
    private let store: IncidentStore
    private let clock: any WallClock
    private let log: DispatchLog
    private let sink: CommitSink

    public init(city: CityModelBox, store: IncidentStore, clock: any WallClock, log: DispatchLog, sink: CommitSink) {
        self.city = city
        self.store = store
        self.clock = clock
        self.log = log
        self.sink = sink
    }

    /// Stores `report` from `actor`; `completion` gets the stored incident (or the one `actor`
    /// already stored under its key, when the content is the same) after COMMIT, or the reason it
    /// was refused (`key_conflict`: `actor` used the key for a different report) or could not be stored.
    /// - Parameter keyPinsContent: the key was derived from the report's bytes (the spool's own
    ///   keys): two reports under it are the same report, so no content digest is computed or kept.
    public func submit(
        _ report: Report, from actor: Actor, source: IntakeSource, keyPinsContent: Bool = false,
        completion: @escaping @Sendable (Result<IntakeOutcome, GridError>) -> Void
    ) {
        let model = city.current
        guard let category = model.config.categories[report.category] else {
            completion(.failure(GridError(.unknownCategory, "category \(report.category) is not configured")))
            return
        }
        let placement: Placement
        do throws(GridError) {
            placement = try model.router.route(report.place)
        } catch {
            completion(.failure(error))
            return
        }
        let priority = report.priority ?? category.defaultPriority
        let opened = model.lifecycle.open(
            report: report, placement: placement, category: category,
            policy: model.config.policy.snapshot(category: category, priority: priority), now: clock.now(),
            actor: actor, source: source, waits: model.config.intake.waits(report.channel ?? .other))
        // The key is the submitter's; the digest tells a retry from other content under a used key.
        let digest = report.key == nil || keyPinsContent ? nil : ReportDigest.digest(report)
        store.submit(opened.incident, event: opened.event, keyDigest: digest) { [log, sink] result in
            switch result {
            case .success(let outcome):
                if outcome.created {
                    var event = outcome.event ?? opened.event
                    event.incidentID = outcome.incident.id
                    sink.committed([CommitSink.Change(incident: outcome.incident, events: [event])])
                } else {
                    log.log(.info, "duplicate", [
                        ("id", String(outcome.incident.id)), ("key", report.key ?? "-"), ("uid", String(actor.uid)),
                        ("source", source.rawValue),
                    ])
                }
                completion(.success(outcome))
            case .failure(.refused(let refusal)):
                // Not a store failure: the report is refused (a key reused for other content).
                log.log(.warning, "submit_refused", [
                    ("code", refusal.code.rawValue), ("key", report.key ?? "-"), ("uid", String(actor.uid)),
                    ("source", source.rawValue), ("error", refusal.message),
                ])
                completion(.failure(refusal))
            case .failure(let error):
                let gridError = error.gridError
                log.log(.error, "store_failed", [
                    ("op", "submit"), ("code", gridError.code.rawValue), ("error", error.description), ("source", source.rawValue),
                ])
                completion(.failure(gridError))
            }
        }
    }

    /// Stores a gateway's batch: each decoded report through `submit` (so each stands alone and
    /// group commit folds them into few transactions), the rest refused with their reasons;
    /// `completion` gets every outcome in the batch's order once the last one is known — after
    /// the COMMIT of every report stored.
    public func submitBatch(
        _ items: [Result<Report, GridError>], from actor: Actor, source: IntakeSource,
        completion: @escaping @Sendable ([Result<IntakeOutcome, GridError>]) -> Void
    ) {
        let outcomes = BatchOutcomes(count: items.count, completion: completion)
        for (index, item) in items.enumerated() {
            switch item {
            case .success(let report): submit(report, from: actor, source: source) { outcomes.set(index, $0) }
            case .failure(let error): outcomes.set(index, .failure(error))
            }
        }
    }
}

/// The outcomes of one batch as they come back from group commit (in any order, on any
/// queue): kept in the batch's order, handed on once, when the last one is in.
final class BatchOutcomes: Sendable {
    private struct State {
        var outcomes: [Result<IntakeOutcome, GridError>?]
        var remaining: Int
    }

    private let state: Mutex<State>
    private let completion: @Sendable ([Result<IntakeOutcome, GridError>]) -> Void

    init(count: Int, completion: @escaping @Sendable ([Result<IntakeOutcome, GridError>]) -> Void) {
        state = Mutex(State(outcomes: Array(repeating: nil, count: count), remaining: count))
        self.completion = completion
    }

    func set(_ index: Int, _ outcome: Result<IntakeOutcome, GridError>) {
        let finished: [Result<IntakeOutcome, GridError>]? = state.withLock { state in
            precondition(state.outcomes[index] == nil, "batch item \(index) answered twice")
            state.outcomes[index] = outcome
            state.remaining -= 1
            return state.remaining == 0 ? state.outcomes.map { $0! } : nil
        }
        if let finished { completion(finished) }
    }
}
