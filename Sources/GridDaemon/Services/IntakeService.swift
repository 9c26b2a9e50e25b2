import GridCore
import GridStore

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
        let item: IncidentStore.BatchItem
        switch prepare(report, from: actor, source: source, keyPinsContent: keyPinsContent) {
        case .success(let prepared): item = prepared
        case .failure(let error):
            completion(.failure(error))
            return
        }
        let key = report.key
        store.submit(item) { [self] result in
            if case .success(let outcome) = result, outcome.created { sink.committed([change(outcome)]) }
            completion(settle(result, key: key, from: actor, source: source))
        }
    }

    /// Stores a gateway's batch: each decoded report checked, routed and opened as `submit` does
    /// (a bad one refused with its reason), the rest stored as one group-commit operation in
    /// which each stands alone; `completion` gets every outcome in the batch's order after the
    /// COMMIT, and what follows a COMMIT goes to the sink once for the batch.
    public func submitBatch(
        _ items: [Result<Report, GridError>], from actor: Actor, source: IntakeSource,
        completion: @escaping @Sendable ([Result<IntakeOutcome, GridError>]) -> Void
    ) {
        // Each report's refusal before the store (nil: stored), and the stored reports' keys (for
        // the log), in order: no report or incident is copied on the way.
        var refused: [GridError?] = Array(repeating: nil, count: items.count)
        var batch: [IncidentStore.BatchItem] = []
        var keys: [String?] = []
        batch.reserveCapacity(items.count)
        for index in items.indices {
            switch items[index].flatMap({ report in prepare(report, from: actor, source: source).map { (report.key, $0) } }) {
            case .success(let (key, item)):
                batch.append(item)
                keys.append(key)
            case .failure(let error): refused[index] = error
            }
        }
        guard !batch.isEmpty else { return completion(refused.map { .failure($0!) }) }
        store.submitBatch(batch) { [self, refused, keys] results in
            var outcomes: [Result<IntakeOutcome, GridError>] = []
            outcomes.reserveCapacity(refused.count)
            var changes: [CommitSink.Change] = []
            changes.reserveCapacity(results.count)
            var next = 0  // the next stored report's result
            for refusal in refused {
                if let refusal {
                    outcomes.append(.failure(refusal))
                    continue
                }
                if case .success(let outcome) = results[next], outcome.created { changes.append(change(outcome)) }
                outcomes.append(settle(results[next], key: keys[next], from: actor, source: source))
                next += 1
            }
            if !changes.isEmpty { sink.committed(changes) }
            completion(outcomes)
        }
    }

    /// The category check, routing and the lifecycle's first step with the policy snapshot: the
    /// row to store, or why the report is refused.
    private func prepare(
        _ report: Report, from actor: Actor, source: IntakeSource, keyPinsContent: Bool = false
    ) -> Result<IncidentStore.BatchItem, GridError> {
        let model = city.current
        guard let category = model.config.categories[report.category] else {
            return .failure(GridError(.unknownCategory, "category \(report.category) is not configured"))
        }
        let placement: Placement
        do throws(GridError) {
            placement = try model.router.route(report.place)
        } catch {
            return .failure(error)
        }
        let priority = report.priority ?? category.defaultPriority
        let opened = model.lifecycle.open(
            report: report, placement: placement, category: category,
            policy: model.policies.snapshot(category: category, priority: priority), now: clock.now(),
            actor: actor, source: source, waits: model.config.intake.waits(report.channel ?? .other))
        // The key is the submitter's; the digest tells a retry from other content under a used key.
        let digest = report.key == nil || keyPinsContent ? nil : ReportDigest.digest(report)
        return .success(IncidentStore.BatchItem(incident: opened.incident, event: opened.event, keyDigest: digest))
    }

    /// A created incident with its first event, for the sink.
    private func change(_ outcome: IntakeOutcome) -> CommitSink.Change {
        CommitSink.Change(incident: outcome.incident, events: outcome.event.map { [$0] } ?? [])
    }

    /// The store's answer as the caller's, with its log line (a duplicate, a refusal, a failure).
    private func settle(
        _ result: Result<IntakeOutcome, StoreError>, key: String?, from actor: Actor, source: IntakeSource
    ) -> Result<IntakeOutcome, GridError> {
        switch result {
        case .success(let outcome):
            if !outcome.created {
                log.log(.info, "duplicate", [
                    ("id", String(outcome.incident.id)), ("key", key ?? "-"), ("uid", String(actor.uid)),
                    ("source", source.rawValue),
                ])
            }
            return .success(outcome)
        case .failure(.refused(let refusal)):
            // Not a store failure: the report is refused (a key reused for other content).
            log.log(.warning, "submit_refused", [
                ("code", refusal.code.rawValue), ("key", key ?? "-"), ("uid", String(actor.uid)),
                ("source", source.rawValue), ("error", refusal.message),
            ])
            return .failure(refusal)
        case .failure(let error):
            let gridError = error.gridError
            log.log(.error, "store_failed", [
                ("op", "submit"), ("code", gridError.code.rawValue), ("error", error.description), ("source", source.rawValue),
            ])
            return .failure(gridError)
        }
    }
}
