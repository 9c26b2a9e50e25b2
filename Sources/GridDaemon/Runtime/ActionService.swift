import GridCore
import GridStore

/// Applies a person's action to an incident: inside the write transaction it re-reads the
/// incident, checks the actor's authority against the incident as it is now, runs the lifecycle,
/// and commits the change with its event; then logs it and reschedules the incident's timers.
public final class ActionService: Sendable {
    private let city: CityModelBox
    private let store: IncidentStore
    private let clock: any WallClock
    private let log: DispatchLog
    private let scheduler: DeadlineScheduler?
    private let daemonUID: UInt32

    public init(
        city: CityModelBox, store: IncidentStore, clock: any WallClock, log: DispatchLog, scheduler: DeadlineScheduler?,
        daemonUID: UInt32
    ) {
        self.city = city
        self.store = store
        self.clock = clock
        self.log = log
        self.scheduler = scheduler
        self.daemonUID = daemonUID
    }

    public func perform(
        _ action: Request.Action, by actor: Actor, completion: @escaping @Sendable (Result<Incident, GridError>) -> Void
    ) {
        let model = city.current
        let command: LifecycleCommand
        do throws(GridError) {
            command = try self.command(for: action, model: model)
        } catch {
            completion(.failure(error))
            return
        }
        let roles = model.config.access.roles(of: actor, daemonUID: daemonUID)
        let lifecycle = model.lifecycle
        let clock = self.clock
        store.transition(incidentID: action.incidentID, expectedVersion: nil) { incident throws(GridError) in
            try Authority.check(command, on: incident, by: actor, roles: roles)
            let step = try lifecycle.apply(command, to: incident, by: actor, note: action.note, now: clock.now())
            return IncidentTransition(incident: step.incident, events: step.events)
        } completion: { [log, scheduler] result in
            switch result {
            case .success(.applied(let incident, let events)):
                for event in events { log.log(.event(event, incident: incident)) }
                scheduler?.schedule(incident)
                completion(.success(incident))
            case .success(.unchanged(let incident)), .success(.stale(let incident)):
                completion(.success(incident))
            case .failure(let error):
                let gridError = error.gridError
                if case .refused = error {} else {
                    log.log(.error, "store_failed", [("op", action.kind.rawValue), ("code", gridError.code.rawValue), ("error", error.description)])
                }
                completion(.failure(gridError))
            }
        }
    }

    private func command(for action: Request.Action, model: CityModel) throws(GridError) -> LifecycleCommand {
        switch action.kind {
        case .ack: return .acknowledge
        case .resolve: return .resolve
        case .close: return .close
        case .reopen: return .reopen
        case .cancel: return .cancel
        case .defer: return .defer
        case .resume: return .resume
        case .note: return .note
        case .transfer:
            guard let target = action.to else { throw GridError(.missingField, "transfer needs --to CELL|COMMUNITY") }
            let place: Report.Place = target.utf8.count == 15 ? .cell(target) : .community(target)
            let placement = try model.router.route(place)
            guard placement.method != .fallback else {
                throw GridError(.invalidField, "cannot transfer to \(target): \(placement.reason ?? "not in the grid map")")
            }
            return .transfer(placement)
        }
    }
}
