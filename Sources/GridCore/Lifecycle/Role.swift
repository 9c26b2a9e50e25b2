/// What a person may do, from the access rules: everything (admin), everything operational
/// (operator), or act on incidents at one unit and below it (a worker bound to that unit:
/// a street worker acts on incidents in its communities).
public enum Role: Sendable, Hashable, CustomStringConvertible {
    case admin
    case `operator`
    case worker(UnitCode)

    public var description: String {
        switch self {
        case .admin: return "admin"
        case .operator: return "operator"
        case .worker(let unit): return "worker@\(unit)"
        }
    }
}

/// The access rules of the config (`[Access]`): which unix users and groups hold which roles.
/// The daemon's own uid and root are always admins.
public struct AccessRules: Sendable, Equatable {
    /// Roles by user name, or by `#uid` for users the system does not name.
    public var users: [String: Set<Role>]
    /// Roles by group name, or by `#gid`.
    public var groups: [String: Set<Role>]

    public init(users: [String: Set<Role>] = [:], groups: [String: Set<Role>] = [:]) {
        self.users = users
        self.groups = groups
    }

    /// Every role `actor` holds; `daemonUID` is the daemon's own uid.
    public func roles(of actor: Actor, daemonUID: UInt32) -> Set<Role> {
        if actor.uid == 0 || actor.uid == daemonUID { return [.admin] }
        var roles = users["#\(actor.uid)"] ?? []
        if let name = actor.name, let named = users[name] { roles.formUnion(named) }
        for gid in actor.groupIDs { roles.formUnion(groups["#\(gid)"] ?? []) }
        for name in actor.groupNames { roles.formUnion(groups[name] ?? []) }
        return roles
    }
}
