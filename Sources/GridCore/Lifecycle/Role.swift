/// What a person may do, from the access rules: everything (admin), everything operational
/// (operator), act on incidents at one unit and below it (a worker bound to that unit: a street
/// worker acts on incidents in its communities), or verify (核查) resolved cases in an area (an
/// inspector 监督员 bound to a unit, or city-wide).
public enum Role: Sendable, Hashable, CustomStringConvertible {
    case admin
    case `operator`
    case worker(UnitCode)
    /// 监督员: closes (核查通过) or reopens (返工) resolved cases at its unit and below; nil: city-wide.
    case inspector(UnitCode?)

    public var description: String {
        switch self {
        case .admin: return "admin"
        case .operator: return "operator"
        case .worker(let unit): return "worker@\(unit)"
        case .inspector(let unit): return unit.map { "inspector@\($0)" } ?? "inspector"
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

extension AccessRules {
    /// Who an `[Access]` entry names: a user (`wang`), a group (`@gridops`), a numeric uid
    /// (`#1001`) or a numeric gid (`@#1001`).
    public enum Subject: Sendable, Hashable, CustomStringConvertible {
        case user(String)
        case group(String)
        case uid(UInt32)
        case gid(UInt32)

        /// Parses one subject as written in `[Access]`; nil if it is not one (see `problem(in:)`).
        public init?(_ text: String) {
            guard Subject.problem(in: text) == nil else { return nil }
            if text.hasPrefix("@#") {
                self = .gid(UInt32(text.dropFirst(2))!)
            } else if text.hasPrefix("@") {
                self = .group(String(text.dropFirst()))
            } else if text.hasPrefix("#") {
                self = .uid(UInt32(text.dropFirst())!)
            } else {
                self = .user(text)
            }
        }

        /// Why `text` is not a subject, or nil if it is one. Names follow the portable user and
        /// group name rules (letters, digits, `.`, `_`, `-`, a trailing `$`; not starting with `-`;
        /// at most 32 characters); a name of digits only must be written as `#uid` or `@#gid`.
        public static func problem(in text: String) -> String? {
            let isGroup = text.hasPrefix("@")
            let body = isGroup ? text.dropFirst() : Substring(text)
            let what = isGroup ? "group" : "user"
            if body.hasPrefix("#") {
                let digits = body.dropFirst()
                guard !digits.isEmpty, digits.utf8.allSatisfy({ (48...57).contains($0) }), UInt32(digits) != nil else {
                    return "expected a numeric \(isGroup ? "gid" : "uid") after \(isGroup ? "@#" : "#"), e.g. \(isGroup ? "@#1001" : "#1001")"
                }
                return nil
            }
            guard !body.isEmpty else { return "expected a group name after @, e.g. @gridops" }
            guard body.utf8.count <= 32 else { return "a \(what) name is at most 32 characters" }
            guard !body.hasPrefix("-") else { return "a \(what) name does not start with '-'" }
            let scalars = Array(body.unicodeScalars)
            for (index, scalar) in scalars.enumerated() {
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": continue
                case "$" where index == scalars.count - 1: continue
                default: return "a \(what) name uses letters, digits, '.', '_' and '-' (found \(ConfigText.quoted(String(scalar))))"
                }
            }
            if body.utf8.allSatisfy({ (48...57).contains($0) }) {
                return "a \(what) name of digits only is ambiguous; write \(isGroup ? "@#" : "#")\(body) for the numeric \(isGroup ? "gid" : "uid")"
            }
            return nil
        }

        /// As written in `[Access]`.
        public var description: String {
            switch self {
            case .user(let name): return name
            case .group(let name): return "@\(name)"
            case .uid(let uid): return "#\(uid)"
            case .gid(let gid): return "@#\(gid)"
            }
        }
    }

    /// Gives `subject` the role `role` (in addition to any it holds).
    public mutating func grant(_ role: Role, to subject: Subject) {
        switch subject {
        case .user(let name): users[name, default: []].insert(role)
        case .uid(let uid): users["#\(uid)", default: []].insert(role)
        case .group(let name): groups[name, default: []].insert(role)
        case .gid(let gid): groups["#\(gid)", default: []].insert(role)
        }
    }

    /// Whether the rules name nobody (then only root and the daemon's own user are admitted).
    public var isEmpty: Bool { users.values.allSatisfy(\.isEmpty) && groups.values.allSatisfy(\.isEmpty) }

    /// Every unit an inspector role is bound to, in code order (city-wide inspectors have none).
    public var inspectorUnits: [UnitCode] {
        var units: Set<UnitCode> = []
        for roles in Array(users.values) + Array(groups.values) {
            for case .inspector(let unit?) in roles { units.insert(unit) }
        }
        return units.sorted()
    }

    /// Every unit a worker role is bound to, in code order.
    public var workerUnits: [UnitCode] {
        var units: Set<UnitCode> = []
        for roles in Array(users.values) + Array(groups.values) {
            for case .worker(let unit) in roles { units.insert(unit) }
        }
        return units.sorted()
    }
}
