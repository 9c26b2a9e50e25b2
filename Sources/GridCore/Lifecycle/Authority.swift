/// Who may do what, decided from the roles of the access rules. A refusal names the rule.
///
/// - admins and operators may do everything;
/// - cancel and transfer are for operators, and so are 立案 and 不予立案 (register, reject);
/// - close (verification, 核查) is for the worker who reported the incident or an operator;
/// - any other action is for a worker bound to the incident's current unit or a unit above it;
/// - reporters' names and phone numbers are for the same workers (and operators, admins, the
///   submitter): `mayReadReporter`.
public enum Authority {
    public static func check(_ command: LifecycleCommand, on incident: Incident, by actor: Actor, roles: Set<Role>)
        throws(GridError)
    {
        if roles.contains(.admin) || roles.contains(.operator) { return }
        guard !roles.isEmpty else { throw notAdmitted(actor) }
        switch command {
        case .cancel, .transfer:
            throw GridError(.permissionDenied, "\(actor) may not \(command.name) incident \(incident.id): rule: cancel and transfer are for operators")
        case .register, .reject:
            throw GridError(
                .permissionDenied,
                "\(actor) may not \(command.name) incident \(incident.id): rule: 立案 (register) and 不予立案 (reject) are for operators")
        case .close:
            if incident.createdBy.uid == actor.uid { return }
            throw GridError(
                .permissionDenied,
                "\(actor) may not close incident \(incident.id): rule: close (verification) is for the reporting worker or an operator")
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

    /// Whether `actor` may read who reported `incident` (the reporter's name and phone number):
    /// admins and operators always; a worker for incidents at its unit or below — the rule for
    /// actions — and for the incidents it submitted itself (it typed the number in). Everyone else
    /// admitted reads them masked (`PersonName.masked`, `PhoneNumber.masked`).
    public static func mayReadReporter(of incident: Incident, by actor: Actor, roles: Set<Role>) -> Bool {
        if roles.contains(.admin) || roles.contains(.operator) { return true }
        if workerUnits(roles).contains(where: { $0.contains(incident.unit) }) { return true }
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
        GridError(.permissionDenied, "\(actor) is not in the access config ([Access] in gridd.conf): rule: only admins, operators and workers are admitted")
    }
}
