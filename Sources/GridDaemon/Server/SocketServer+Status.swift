import GridCore
import GridSystem

extension SocketServer {
    /// The `connections` object of `status` (see docs/METRICS.md).
    public func statusJSON() -> JSONValue {
        let snapshot = self.snapshot()
        let descriptors = try? OpenFileLimit.current()
        return [
            "open": .int(Int64(snapshot.open)),
            "accepted": .int(Int64(snapshot.acceptedTotal)),
            "held_back": .int(Int64(snapshot.heldBack)),
            "peers": .int(Int64(snapshot.peers)),
            "busiest_peer": .int(Int64(snapshot.busiestPeer)),
            "no_role_open": .int(Int64(snapshot.roleLessOpen)),
            "refused": [
                "max_connections": .int(Int64(snapshot.refusedMaxConnections)),
                "per_user_limit": .int(Int64(snapshot.refusedPerUser)),
                "reserved": .int(Int64(snapshot.refusedReserved)),
                "no_role": .int(Int64(snapshot.refusedNoRole)),
            ],
            "accept_failures": .int(Int64(snapshot.acceptFailures)),
            "max": .int(Int64(settings.maxConnections)),
            "max_per_user": .int(Int64(settings.maxConnectionsPerUser)),
            "reserved": .int(Int64(budgetLimits.reserved)),
            "open_file_limit": .from(descriptors.map { Int64(clamping: $0.soft) }),
        ]
    }
}
