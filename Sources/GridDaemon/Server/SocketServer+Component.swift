import Dispatch
import GridCore
import GridSystem

/// The server as one of the daemon's components, started after the spool (files that waited
/// while the daemon was down are taken before clients are served). Beginning its stop stops
/// accepting and reading new requests; its wait — the first share of the shutdown budget — lasts
/// until every request already read is answered, and then drops what is left.
extension SocketServer: DaemonComponent {
    /// What `status` shows under `connections` (docs/METRICS.md).
    struct Status: Sendable {
        var counts: Snapshot
        var maxConnections: Int
        var maxConnectionsPerUser: Int
        var reserved: Int
        /// The soft RLIMIT_NOFILE, if it could be read.
        var openFileLimit: UInt64?
    }

    var name: String { "server" }
    var drainsWhenStopping: Bool { true }

    func beginStopping(_ cause: StopCause) { beginDraining() }

    func waitUntilStopped(_ cause: StopCause, deadline: DispatchTime) -> Bool { waitUntilDrained(deadline: deadline) }

    /// Walks the open connections: O(connections).
    func status() -> Status {
        Status(
            counts: snapshot(), maxConnections: settings.maxConnections, maxConnectionsPerUser: settings.maxConnectionsPerUser,
            reserved: budgetLimits.reserved, openFileLimit: (try? OpenFileLimit.current())?.soft)
    }
}

extension SocketServer.Settings {
    /// The socket's share of `[Limits]`.
    init(_ limits: LimitSettings) {
        self.init(
            maxLineBytes: limits.maxLineBytes, idleTimeoutMilliseconds: limits.idleTimeoutMilliseconds,
            requestTimeoutMilliseconds: limits.requestTimeoutMilliseconds, maxConnections: limits.maxConnections,
            maxConnectionsPerUser: limits.maxConnectionsPerUser, reservedConnections: limits.reservedConnections)
    }
}
