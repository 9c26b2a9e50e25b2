import GridSystem
import Synchronization

/// The `STATUS=` line `systemctl status gridd` shows, e.g.
/// `serving: 42 open incidents, 40 deadlines pending, spool backlog 0, 1 connection`.
///
/// Cheap by construction: pending deadlines and connections are counters the daemon keeps, the
/// spool backlog is one listing of `new/`, and open incidents — a count over the table — is
/// refreshed at most once a minute (on a read connection, never in the writer's way).
final class ServiceStatus: Sendable {
    struct Sources: Sendable {
        var openIncidents: @Sendable () -> Int?
        var pendingDeadlines: @Sendable () -> Int?
        var spoolBacklog: @Sendable () -> Int?
        var connections: @Sendable () -> Int?
        /// What is wrong, if something is (replaces "serving" at the head of the line).
        var alarm: @Sendable () -> String? = { nil }
    }

    /// The alarm when the database file was deleted or replaced while gridd ran.
    static func databaseLostLine(_ detail: String) -> String {
        "DATABASE LOST, not storing or acknowledging anything (\(detail))"
    }

    /// How often the updates go out, and how stale the count of open incidents may get.
    static let updateSeconds = 5
    static let openCountMaxAgeMicroseconds: Int64 = 60_000_000

    private let sources: Sources
    private let openCount = Mutex<(count: Int?, at: Int64?)>((nil, nil))

    init(sources: Sources) { self.sources = sources }

    /// The status line; with `refreshingOpenCount` the open incidents are counted now (one query)
    /// instead of when the last count is a minute old.
    func line(state: String = "serving", refreshingOpenCount: Bool = false) -> String {
        let state = sources.alarm() ?? state
        var parts: [String] = []
        if let open = openIncidents(refresh: refreshingOpenCount) { parts.append(Self.count(open, "open incident")) }
        if let pending = sources.pendingDeadlines() { parts.append(Self.count(pending, "deadline") + " pending") }
        if let backlog = sources.spoolBacklog() { parts.append("spool backlog \(backlog)") }
        if let connections = sources.connections() { parts.append(Self.count(connections, "connection")) }
        return parts.isEmpty ? state : state + ": " + parts.joined(separator: ", ")
    }

    /// The last count of open incidents without counting (for READY=1, which must not wait on a
    /// scan of a large table).
    func lineWithoutCounting(state: String) -> String {
        let state = sources.alarm() ?? state
        var parts: [String] = []
        if let open = openCount.withLock({ $0.count }) { parts.append(Self.count(open, "open incident")) }
        if let pending = sources.pendingDeadlines() { parts.append(Self.count(pending, "deadline") + " pending") }
        if let backlog = sources.spoolBacklog() { parts.append("spool backlog \(backlog)") }
        return parts.isEmpty ? state : state + ": " + parts.joined(separator: ", ")
    }

    private func openIncidents(refresh: Bool) -> Int? {
        let now = SystemClocks.monotonicMicroseconds()
        let cached = openCount.withLock { $0 }
        if !refresh, let at = cached.at, now - at < Self.openCountMaxAgeMicroseconds { return cached.count }
        let count = sources.openIncidents() ?? cached.count
        openCount.withLock { $0 = (count, now) }
        return count
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
