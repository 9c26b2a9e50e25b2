import GridStore
import Glibc

/// The floor under durable submits: the same incident and event rows inserted with SQLite
/// directly (prepared statements, WAL, synchronous=FULL, the real schema), in transactions of
/// the size group commit achieves — no socket, no JSON, no routing, no savepoints.
enum RawInsertBaseline {
    /// Rows per second, the inserting thread's CPU per row (µs, /proc task stats), and each
    /// transaction's latency (ms: with `batch` 1, a bare fsync'd one-row commit's).
    static func measure(rows: Int, batch: Int) -> (rate: Double, cpuMicros: Double, commitMilliseconds: [Double]) {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        do {
            let connection = try Connection(path: directory + "/raw.sqlite")
            try connection.execute("PRAGMA journal_mode = WAL")
            try connection.execute("PRAGMA synchronous = FULL")
            for migration in Migration.all { try connection.execute(migration.sql) }
            let insertIncident = try connection.prepare("""
                INSERT INTO incidents (key, key_uid, category, priority, state, tier, unit, cell, community, street, district,
                  route_method, created_at, updated_at, version, source, created_uid, created_name, created_pid, title,
                  policy, window, window_started_at, due_at, warn_at, next_timer_at, next_timer_kind, key_digest)
                VALUES (?, 0, '0102', 'normal', 'dispatched', 1, '320506002001', '320506002001006', '320506002001',
                  '320506002', '320506', 'cell', ?, ?, 1, 'socket', 0, 'root', 1, 'bench',
                  ?, 'ack', ?, ?, ?, ?, 'warning', ?)
                """)
            let insertEvent = try connection.prepare("""
                INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid, actor_name, actor_pid, detail)
                VALUES (?, 'dispatched', ?, 1, '320506002001', 0, 'root', 1, '{"method":"cell","source":"socket"}')
                """)
            let policy = DeadlineBench.policy.json.serialized()
            let digest = [UInt8](repeating: 0x5A, count: 32)
            let cpuBefore = ThreadCPU.snapshot(pid: getpid())
            let start = monotonicSeconds()
            var written = 0
            var commits: [Double] = []
            while written < rows {
                let began = monotonicSeconds()
                try connection.execute("BEGIN IMMEDIATE")
                for _ in 0..<min(batch, rows - written) {
                    written += 1
                    let now = Int64(written)
                    try insertIncident.bind(.text("raw-\(written)"), at: 1)
                    try insertIncident.bind(.integer(now), at: 2)
                    try insertIncident.bind(.integer(now), at: 3)
                    try insertIncident.bind(.text(policy), at: 4)
                    try insertIncident.bind(.integer(now), at: 5)
                    try insertIncident.bind(.integer(now + 7_200_000), at: 6)
                    try insertIncident.bind(.integer(now + 5_760_000), at: 7)
                    try insertIncident.bind(.integer(now + 5_760_000), at: 8)
                    try insertIncident.bind(.blob(digest), at: 9)
                    _ = try insertIncident.step()
                    insertIncident.reset()
                    try insertEvent.bind(.integer(connection.lastInsertRowID), at: 1)
                    try insertEvent.bind(.integer(now), at: 2)
                    _ = try insertEvent.step()
                    insertEvent.reset()
                }
                try connection.execute("COMMIT")
                commits.append((monotonicSeconds() - began) * 1000)
            }
            let elapsed = monotonicSeconds() - start
            let cpu = ThreadCPU.snapshot(pid: getpid()).busiest(since: cpuBefore).seconds
            connection.close()
            return (Double(rows) / elapsed, cpu / Double(rows) * 1e6, commits)
        } catch {
            fatalError("raw insert baseline: \(error)")
        }
    }
}
