import GridCore
import GridStore

/// Turns a worker's request (ack, resolve, transfer, …) into a lifecycle command with the
/// actor's roles, and has the `TransitionRunner` apply it: the incident is read, the actor's
/// authority checked against it as it is, the lifecycle run, and the change written as
/// compare-and-set (decided again if the incident moved on meanwhile); after COMMIT the sink logs
/// it and reschedules the incident's timers.
public final class ActionService: Sendable {
    private let city: CityModelBox
    private let runner: TransitionRunner
    private let log: DispatchLog
    private let daemonUID: UInt32

    public init(city: CityModelBox, runner: TransitionRunner, log: DispatchLog, daemonUID: UInt32) {
        self.city = city
        self.runner = runner
        self.log = log
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
        let work = WorkerAction(
            command: command, actor: actor, roles: model.config.access.roles(of: actor, daemonUID: daemonUID),
            note: action.note, lifecycle: model.lifecycle)
        runner.act(work, on: action.incidentID) { [log] result in
            switch result {
            case .success(let outcome):
                completion(.success(outcome.incident))
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
        case .defer: return .request(.defer, by: nil, until: action.until)
        case .extend: return .request(.extend, by: action.by, until: nil)
        case .suspend: return .request(.suspend, by: nil, until: nil)
        case .approve: return .approve
        case .deny: return .deny
        case .escalate: return .escalate
        case .supervise: return .supervise
        case .visit:
            guard let result = action.result else { throw GridError(.missingField, "visit needs --result satisfied|basic|unsatisfied") }
            return .visit(result)
        case .resume: return .resume
        case .note: return .note
        case .reject: return .reject
        case .register:
            if let code = action.category, model.config.categories[code] == nil {
                throw GridError(.unknownCategory, "category \(code) is not configured")
            }
            return .register(
                Registration(
                    category: action.category, priority: action.priority, categories: model.config.categories,
                    policy: model.config.policy))
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
