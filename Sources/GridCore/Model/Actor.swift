/// Who did something: the peer of a socket connection (SO_PEERCRED), the owner of a spool file,
/// or the daemon itself (timers). Recorded on every event.
public struct Actor: Sendable, Equatable, CustomStringConvertible {
    public var uid: UInt32
    /// The user name for the uid, when the system knows it.
    public var name: String?
    /// The peer's pid, for socket peers.
    public var pid: Int32?
    /// Names of the groups the peer is in (primary and supplementary), for the access rules.
    /// Not stored with events.
    public var groupNames: [String]
    /// The ids of those groups.
    public var groupIDs: [UInt32]

    public init(uid: UInt32, name: String? = nil, pid: Int32? = nil, groupIDs: [UInt32] = [], groupNames: [String] = []) {
        self.uid = uid
        self.name = name
        self.pid = pid
        self.groupIDs = groupIDs
        self.groupNames = groupNames
    }

    /// The actor of timer-driven events.
    public static let system = Actor(uid: 0, name: "gridd")

    public var description: String { name.map { "\($0)(\(uid))" } ?? "uid \(uid)" }
}

/// Where a report came in.
public enum IntakeSource: String, Sendable, CaseIterable {
    case socket
    case spool
}
