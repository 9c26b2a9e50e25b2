import GridCore
import GridStore
import GridSystem
import Synchronization

/// The daemon's status, assembled in one place from the snapshots of its components (found in the
/// `ComponentRunner`): the object `gridctl status` shows (`json`, docs/METRICS.md), and the line
/// `systemctl status gridd` shows (`line`), e.g.
/// `serving: 42 open incidents, 40 deadlines pending, spool backlog 0, 1 connection`.
///
/// The line is cheap by construction: pending deadlines and connections are counters, the spool
/// backlog is one listing of `new/`, and open incidents — a count over the table — are counted at
/// most once a minute (on a read connection, never in the writer's way). A component not started
/// (yet, or at all) is left out of both.
final class DaemonStatus: Sendable {
    /// How often the line goes out, and how stale the count of open incidents may get.
    static let updateSeconds = 5
    static let openCountMaxAgeMicroseconds: Int64 = 60_000_000

    /// The alarm when the database file was deleted or replaced while gridd ran (it replaces
    /// "serving" at the head of every line from then on).
    static func databaseLostLine(_ detail: String) -> String {
        "DATABASE LOST, not storing or acknowledging anything (\(detail))"
    }

    private let runner: ComponentRunner
    private let city: CityModelBox
    private let clock: DrillClock
    private let paths: DaemonPaths
    private let startedAt: Timestamp
    private let openCount = Mutex<(count: Int?, at: Int64?)>((nil, nil))

    init(runner: ComponentRunner, city: CityModelBox, clock: DrillClock, paths: DaemonPaths) {
        self.runner = runner
        self.city = city
        self.clock = clock
        self.paths = paths
        startedAt = clock.now()
    }

    /// Where clients connect, and whether systemd passed the socket (the configured path before
    /// the listener started).
    var socket: Listener.Status {
        runner.started(Listener.self)?.status() ?? Listener.Status(path: paths.socket, inherited: false)
    }

    // MARK: gridctl status

    /// The `status` answer; fails when the store cannot be read.
    func json() throws(GridError) -> JSONValue {
        var status = JSONObject()
        status["version"] = .string(GriddVersion.current)
        status["pid"] = .int(Int64(UserDirectory.currentPID()))
        let now = clock.now()
        let model = city.current
        // Times for people: at the working calendar's offset, as the log prints them.
        let time = model.lifecycle.calendar.rfc3339
        status["now"] = .string(time(now))
        status["started_at"] = .string(time(startedAt))
        status["uptime_seconds"] = .int((now.milliseconds - startedAt.milliseconds) / 1000)
        status["time_zone"] = .string(model.lifecycle.calendar.timeZoneIdentifier)
        status["config"] = .string(model.config.sourcePath)
        status["config_loaded_at"] = .string(time(model.loadedAt))
        status["cells"] = .int(Int64(model.map.cellCount))
        let socket = self.socket
        status["socket_activated"] = .bool(socket.inherited)
        status["paths"] = [
            "database": .string(paths.database), "socket": .string(socket.path), "spool": .string(paths.spool),
            "log": .string(paths.dispatchLog),
        ]
        if let deadlines = runner.started(DeadlineScheduler.Firing.self)?.status() { status["deadlines"] = deadlines.json(time) }
        if let spool = runner.started(SpoolWatcher.self)?.status() { status["spool"] = spool.json(time) }
        if let notify = runner.started(Notifier.self)?.status() { status["notify"] = notify.json(time) }
        if let tail = runner.started(DispatchLog.self)?.status() { status["tail"] = tail.json }
        if !clock.isRealTime { status["drill"] = .bool(true) }
        if let connections = runner.started(SocketServer.self)?.status() { status["connections"] = connections.json }
        if let store = runner.started(StoreComponent.self)?.status() {
            do throws(StoreError) {
                status["store"] = try store.get().json
            } catch {
                throw error.gridError
            }
        }
        return .object(status)
    }

    // MARK: systemd's STATUS=

    /// The status line; with `refreshingOpenCount` the open incidents are counted now (one query)
    /// instead of when the last count is a minute old.
    func line(state: String = "serving", refreshingOpenCount: Bool = false) -> String {
        var parts = counts(openIncidents: openIncidents(refresh: refreshingOpenCount))
        if let connections = runner.started(SocketServer.self)?.snapshot().open { parts.append(Self.count(connections, "connection")) }
        return headed(state, parts)
    }

    /// The last count of open incidents without counting (for READY=1, which must not wait on a
    /// scan of a large table), and no connections.
    func lineWithoutCounting(state: String) -> String {
        headed(state, counts(openIncidents: openCount.withLock { $0.count }))
    }

    private func counts(openIncidents: Int?) -> [String] {
        var parts: [String] = []
        if let open = openIncidents { parts.append(Self.count(open, "open incident")) }
        if let pending = runner.started(DeadlineScheduler.Firing.self)?.status().pending {
            parts.append(Self.count(pending, "deadline") + " pending")
        }
        if let backlog = runner.started(SpoolWatcher.self)?.status().backlog { parts.append("spool backlog \(backlog)") }
        return parts
    }

    private func headed(_ state: String, _ parts: [String]) -> String {
        let state = runner.started(StoreComponent.self)?.databaseLost.map(Self.databaseLostLine) ?? state
        return parts.isEmpty ? state : state + ": " + parts.joined(separator: ", ")
    }

    private func openIncidents(refresh: Bool) -> Int? {
        let now = SystemClocks.monotonicMicroseconds()
        let cached = openCount.withLock { $0 }
        if !refresh, let at = cached.at, now - at < Self.openCountMaxAgeMicroseconds { return cached.count }
        let count = (try? runner.started(StoreComponent.self)?.status().get())?.openIncidents ?? cached.count
        openCount.withLock { $0 = (count, now) }
        return count
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
