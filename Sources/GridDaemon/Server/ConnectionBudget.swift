import GridCore

/// What a peer's roles in `[Access]` entitle it to at the socket, decided when it connects.
public enum PeerClass: Sendable, Equatable {
    /// An admin or an operator: may take any connection, the reserved ones included.
    case privileged
    /// A worker: any connection but the reserved ones.
    case worker
    /// No role: may only `ping` and be refused, so it gets a few connections.
    case roleLess

    public init(roles: Set<Role>) {
        if roles.contains(.admin) || roles.contains(.operator) {
            self = .privileged
        } else if roles.isEmpty {
            self = .roleLess
        } else {
            self = .worker
        }
    }
}

/// Who gets which of the socket's connections, so that no one without the operator's standing can
/// take them all: every uid at most `maxPerUser` (`MaxConnectionsPerUser=`) and everyone `max`
/// (`MaxConnections=`); the last `reserved` (`ReservedConnections=`) are for operators and admins
/// only; a peer with no role gets `roleLessPerUser` and all of them together `roleLessTotal`.
///
/// Counting and deciding are dictionary updates and comparisons: O(1) per connection.
struct ConnectionBudget {
    struct Limits: Sendable, Equatable {
        var max: Int
        var maxPerUser: Int
        /// As configured; at most `max` − 1 take effect (see `reserved`).
        var reservedConnections: Int
        var roleLessPerUser: Int
        var roleLessTotal: Int

        /// The reserved connections in force: one connection at least is left to every peer.
        var reserved: Int { Swift.max(0, Swift.min(reservedConnections, max - 1)) }
    }

    /// Why a connection is refused: the reason logged and counted, the limit it hit, and the
    /// message its peer reads.
    struct Refusal: Equatable {
        enum Reason: String {
            case maxConnections = "max_connections"
            case perUser = "per_user_limit"
            case reserved
            case noRole = "no_role"
            case noRoleTotal = "no_role_total"
        }

        var reason: Reason
        var limit: Int
        var message: String
    }

    let limits: Limits
    private(set) var open = 0
    /// Open connections per peer uid (a uid with none is absent).
    private(set) var perUID: [UInt32: Int] = [:]
    private var roleLessPerUID: [UInt32: Int] = [:]
    /// Open connections of peers with no role.
    private(set) var roleLessOpen = 0

    init(limits: Limits) { self.limits = limits }

    /// The refusal for anyone while every connection is taken (checked before anything about the
    /// peer is read); nil while there is room.
    var refusalWhenFull: Refusal? {
        guard open >= limits.max else { return nil }
        return Refusal(reason: .maxConnections, limit: limits.max, message: "too many connections (\(limits.max))")
    }

    /// Why `uid`, of class `peerClass`, may not have one more connection now; nil when it may.
    func refusal(uid: UInt32, as peerClass: PeerClass) -> Refusal? {
        if let full = refusalWhenFull { return full }
        if perUID[uid, default: 0] >= limits.maxPerUser {
            return Refusal(
                reason: .perUser, limit: limits.maxPerUser,
                message: "too many connections from uid \(uid) (limit \(limits.maxPerUser))")
        }
        if peerClass == .roleLess {
            if roleLessPerUID[uid, default: 0] >= limits.roleLessPerUser {
                return Refusal(
                    reason: .noRole, limit: limits.roleLessPerUser,
                    message: "uid \(uid) has no role in [Access]: at most \(limits.roleLessPerUser) connections (enough to ping)")
            }
            if roleLessOpen >= limits.roleLessTotal {
                return Refusal(
                    reason: .noRoleTotal, limit: limits.roleLessTotal,
                    message: "peers with no role in [Access] hold \(limits.roleLessTotal) connections (the most they may)")
            }
        }
        let unreserved = limits.max - limits.reserved
        if peerClass != .privileged, open >= unreserved {
            return Refusal(
                reason: .reserved, limit: unreserved,
                message: "too many connections: the last \(limits.reserved) of \(limits.max) connections are reserved for operators and admins")
        }
        return nil
    }

    /// Counts a connection of `uid` admitted as `peerClass`.
    mutating func take(uid: UInt32, as peerClass: PeerClass) {
        open += 1
        perUID[uid, default: 0] += 1
        if peerClass == .roleLess {
            roleLessOpen += 1
            roleLessPerUID[uid, default: 0] += 1
        }
    }

    /// Uncounts a connection that `take` counted (with the same class).
    mutating func release(uid: UInt32, as peerClass: PeerClass) {
        open -= 1
        Self.decrement(&perUID, uid)
        if peerClass == .roleLess {
            roleLessOpen -= 1
            Self.decrement(&roleLessPerUID, uid)
        }
    }

    private static func decrement(_ counts: inout [UInt32: Int], _ uid: UInt32) {
        if let count = counts[uid] { counts[uid] = count > 1 ? count - 1 : nil }
    }
}
