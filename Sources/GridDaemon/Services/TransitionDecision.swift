import GridCore
import GridStore

/// How a change to one incident is decided against its row as it is: the pure step of
/// `TransitionRunner`'s read → decide → prepare → write.
///
/// It exists so that timers and worker actions differ only here — which checks run, and what a
/// row that moved on means — and go through one pipeline otherwise. A timer armed at an older
/// version is stale for good (exactly once: what it was armed for has been handled); an action
/// is decided again on the row as it is now, as if it had arrived after whatever changed it.
enum TransitionDecision: Sendable {
    /// A due timer, armed when the incident was at `timer.version`.
    case timer(ScheduledTimer, Lifecycle)
    /// A person's action.
    case action(WorkerAction)

    /// What a decision comes to.
    enum Verdict: Sendable, Equatable {
        /// Write this (not yet prepared against the row).
        case write(IncidentTransition)
        /// Nothing to do: the lifecycle has nothing for this row (e.g. a timer it no longer has).
        case unchanged
        /// A timer armed at another version of the row: nothing to do, ever.
        case stale
        /// Refused (authority, or the lifecycle's rules): nothing written, the error answered.
        case refused(GridError)
    }

    /// Decides on `incident`, the row as read, at `now`.
    func decide(on incident: Incident, now: Timestamp) -> Verdict {
        switch self {
        case .timer(let timer, let lifecycle):
            guard incident.version == timer.version else { return .stale }
            guard let step = lifecycle.fire(PendingTimer(kind: timer.kind, at: timer.at), on: incident, now: now) else {
                return .unchanged
            }
            return .write(IncidentTransition(incident: step.incident, events: step.events))
        case .action(let action):
            do throws(GridError) {
                try Authority.check(action.command, on: incident, by: action.actor, roles: action.roles)
                let step = try action.lifecycle.apply(action.command, to: incident, by: action.actor, note: action.note, now: now)
                return .write(IncidentTransition(incident: step.incident, events: step.events))
            } catch {
                return .refused(error)
            }
        }
    }
}

/// A person's action on an incident, with what deciding it needs: who acts and with which
/// roles (checked against the incident as it is, by `Authority`), and the lifecycle of the
/// configuration the request was read under.
struct WorkerAction: Sendable {
    var command: LifecycleCommand
    var actor: Actor
    var roles: Set<Role>
    var note: String?
    var lifecycle: Lifecycle
}
