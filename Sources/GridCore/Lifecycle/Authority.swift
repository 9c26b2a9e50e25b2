/// Who may do what, decided from the roles of the access rules. A refusal names the rule.
///
/// - admins and operators may do everything;
/// - cancel and transfer are for operators, and so are 立案 and 不予立案 (register, reject) and 回访
///   (visit);
/// - approve and deny (of a 延期/缓办/挂账 request) and 督办 (supervise) are for operators and
///   workers of a unit above the holder (never the holder's own unit);
/// - close and reopen (verification, 核查) are for an inspector of the case's area (监督员), an
///   operator or the worker who reported it — never for whoever resolved it (admins excepted);
/// - any other action is for a worker bound to the incident's current unit or a unit above it;
/// - reporters' names and phone numbers are for the same workers (and operators, admins, the
///   submitter): `mayReadReporter`.
public enum Authority {
    public static func check(_ command: LifecycleCommand, on incident: Incident, by actor: Actor, roles: Set<Role>)
        throws(GridError)
    {
        if roles.contains(.admin) { return }
        guard !roles.isEmpty else { throw notAdmitted(actor) }
        if command == .close || command == .reopen {
            try checkVerification(command, on: incident, by: actor, roles: roles)
            return
        }
        if roles.contains(.operator) { return }
        switch command {
        case .cancel, .transfer:
            throw GridError(.permissionDenied, "\(actor) may not \(command.name) incident \(incident.id): rule: cancel and transfer are for operators")
        case .approve, .deny, .supervise:
            let units = workerUnits(roles)
            if units.contains(where: { $0.contains(incident.unit) && $0 != incident.unit }) { return }
            let bound = units.map(\.rawValue).sorted().joined(separator: ", ")
            throw GridError(
                .permissionDenied,
                "\(actor) may not \(command.name) incident \(incident.id): rule: \(command == .supervise ? "督办 (supervise) is for" : "延期/缓办/挂账 requests are decided by") an operator or a worker of a unit above the holder (the case is at \(incident.unit); you are bound to \(bound.isEmpty ? "no unit" : bound))")
        case .visit:
            throw GridError(.permissionDenied, "\(actor) may not visit incident \(incident.id): rule: 回访 (visit) is for operators")
        case .register, .reject:
            throw GridError(
                .permissionDenied,
                "\(actor) may not \(command.name) incident \(incident.id): rule: 立案 (register) and 不予立案 (reject) are for operators")
        default:
            let units = workerUnits(roles)
            if units.contains(where: { $0.contains(incident.unit) }) { return }
            if command == .note, incident.createdBy.uid == actor.uid { return }
            let bound = units.map(\.rawValue).sorted().joined(separator: ", ")
            throw GridError(
                .permissionDenied,
                "\(actor) may not \(command.name) incident \(incident.id): rule: a worker acts only on incidents at its unit or below (the incident is at \(incident.unit); you are bound to \(bound))")
        }
    }

    /// 核查 (close: passed; reopen: 返工) is by someone else: never whoever resolved the case
    /// (admins excepted); an operator, an inspector whose area holds where the case happened
    /// (bound to a unit, or city-wide), or the worker who reported it.
    static func checkVerification(_ command: LifecycleCommand, on incident: Incident, by actor: Actor, roles: Set<Role>)
        throws(GridError)
    {
        if incident.resolvedBy == actor.uid {
            throw GridError(
                .permissionDenied,
                "\(actor) may not \(command.name) incident \(incident.id): rule: no self-verification: whoever resolved a case may not close or reopen it (核查 is by an inspector, an operator or the reporting worker)")
        }
        if roles.contains(.operator) || inspects(incident, roles) { return }
        if incident.createdBy.uid == actor.uid { return }
        throw GridError(
            .permissionDenied,
            "\(actor) may not \(command.name) incident \(incident.id): rule: 核查 (close, reopen) is for an inspector of the case's area, an operator, or the reporting worker")
    }

    /// Whether an inspector role among `roles` covers where `incident` happened.
    public static func inspects(_ incident: Incident, _ roles: Set<Role>) -> Bool {
        let place = incident.placement.lowestUnit
        return roles.contains { role in
            guard case .inspector(let unit) = role else { return false }
            return unit.map { $0.contains(place) } ?? true
        }
    }

    /// Whether `actor` may read who reported `incident` (the reporter's name and phone number):
    /// admins and operators always; a worker for incidents at its unit or below — the rule for
    /// actions — and for the incidents it submitted itself (it typed the number in). Everyone else
    /// admitted reads them masked (`PersonName.masked`, `PhoneNumber.masked`).
    public static func mayReadReporter(of incident: Incident, by actor: Actor, roles: Set<Role>) -> Bool {
        if roles.contains(.admin) || roles.contains(.operator) { return true }
        if workerUnits(roles).contains(where: { $0.contains(incident.unit) }) { return true }
        if inspects(incident, roles) { return true }
        return !roles.isEmpty && incident.createdBy.uid == actor.uid
    }

    /// The units the worker roles among `roles` are bound to.
    static func workerUnits(_ roles: Set<Role>) -> [UnitCode] {
        roles.compactMap { role -> UnitCode? in
            if case .worker(let unit) = role { return unit }
            return nil
        }
    }

    /// Reading and reporting need any role at all.
    public static func checkAdmitted(_ actor: Actor, roles: Set<Role>) throws(GridError) {
        guard !roles.isEmpty else { throw notAdmitted(actor) }
    }

    private static func notAdmitted(_ actor: Actor) -> GridError {
        GridError(.permissionDenied, "\(actor) is not in the access config ([Access] in gridd.conf): rule: only admins, operators, workers and inspectors are admitted")
    }
}
